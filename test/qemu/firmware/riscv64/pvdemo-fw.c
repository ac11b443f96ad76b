/* A tiny riscv64 M-mode firmware that implements the fictional pvdemo ABI (examples/pvdemo) with
 * its generated host dispatcher (examples/pvdemo/generated/c/pvdemo_dispatch.h), so the example's
 * conformance plan (examples/pvdemo/conform.yaml) runs on QEMU virt: `hcgen conform ... --bios`.
 * Shares start.S and link.ld with fw.c (the trap frame is x0..x31, the layout of both ABIs'
 * riscv64 register files). The conformance guest prints and powers off through the virt UART and
 * test device itself, so no SBI is needed. -DPVDEMO_FW_ANY_REASON builds the negative control: a
 * report_crash that accepts reasons the spec does not define. */
#include <stdint.h>
#include "pvdemo_dispatch.h"

#define UART_THR ((volatile uint8_t *)0x10000000UL)   /* ns16550a transmit holding register */
#define UART_LSR ((volatile uint8_t *)0x10000005UL)   /* line status: bit 5 = THR empty */
#define VIRT_TEST ((volatile uint32_t *)0x100000UL)   /* sifive_test: 0x5555 pass (power off) */
#define FW_DYNAMIC_MAGIC 0x4942534fUL                 /* "OSBI": QEMU passes fw_dynamic info in a2 */
#define CONSOLE_MAX 4096                              /* the spec: pvdemo_console_write takes at most 4096 bytes */

struct fw_dynamic_info { unsigned long magic, version, next_addr, next_mode, options, boot_hart; };

void *memset(void *d, int c, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
  volatile unsigned char *p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}

static void uart_putc(char c)
{
  while (!(*UART_LSR & 0x20)) { }
  *UART_THR = (uint8_t)c;
}
static void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
static void uart_hex(unsigned long v)
{
  int i;
  uart_puts("0x");
  for (i = 60; i >= 0; i -= 4) uart_putc("0123456789abcdef"[(v >> i) & 0xf]);
}
static void power_off(uint32_t code) { for (;;) *VIRT_TEST = code; }

static int64_t get_features(void *ctx, struct hc_pvdemo_pvdemo_get_features_results *res)
{
  (void)ctx;
  res->features = 3;   /* bit 0: crash reports, bit 1: console */
  return hc_pvdemo_PVDEMO_OK;
}
static int64_t console_write(void *ctx, const struct hc_pvdemo_pvdemo_console_write_args *a, struct hc_pvdemo_pvdemo_console_write_results *res)
{
  const volatile char *p = (const volatile char *)(uintptr_t)a->addr;   /* M-mode: physical, as gpa */
  uint64_t i;
  (void)ctx;
  if (a->len > CONSOLE_MAX) return hc_pvdemo_PVDEMO_EINVAL;
  for (i = 0; i < a->len; i++) uart_putc(p[i]);
  res->written = a->len;
  return hc_pvdemo_PVDEMO_OK;
}
static int64_t report_crash(void *ctx, const struct hc_pvdemo_pvdemo_report_crash_args *a)
{
  (void)ctx;
#ifndef PVDEMO_FW_ANY_REASON
  if (a->reason != 1 && a->reason != 2) return hc_pvdemo_PVDEMO_EINVAL;   /* 1: panic, 2: watchdog */
#endif
  uart_puts("HCGEN-FW guest crash reported, pc="); uart_hex(a->pc); uart_puts("\n");
  return hc_pvdemo_PVDEMO_OK;
}

/* pvdemo_get_host_name stays NULL: the dispatcher answers it with the not_supported status (ENOSYS). */
static const struct hc_pvdemo_handlers pvdemo = {
  .pvdemo_get_features = get_features,
  .pvdemo_console_write = console_write,
  .pvdemo_report_crash = report_crash,
};

unsigned long fw_main(unsigned long hartid, unsigned long fdt, const struct fw_dynamic_info *info);
unsigned long fw_main(unsigned long hartid, unsigned long fdt, const struct fw_dynamic_info *info)
{
  unsigned long mstatus;
  (void)hartid; (void)fdt;
  __asm__ volatile("csrw pmpaddr0, %0" : : "r"(~0UL));
  __asm__ volatile("csrw pmpcfg0, %0" : : "r"(0x1fUL));   /* NAPOT, RWX: all memory */
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  mstatus = (mstatus & ~(3UL << 11)) | (1UL << 11);        /* MPP = S */
  __asm__ volatile("csrw mstatus, %0" : : "r"(mstatus));
  uart_puts("HCGEN-FW riscv64 M-mode pvdemo firmware (generated dispatcher)\n");
  return info && info->magic == FW_DYNAMIC_MAGIC ? info->next_addr : 0x80200000UL;
}

/* Every trap from S- or U-mode: pvdemo's ecall, with the spec's privilege rule (kernel only). */
void fw_trap(struct hc_pvdemo_riscv64_regs *r);
void fw_trap(struct hc_pvdemo_riscv64_regs *r)
{
  unsigned long mcause, mepc, mtval;
  __asm__ volatile("csrr %0, mcause" : "=r"(mcause));
  __asm__ volatile("csrr %0, mepc" : "=r"(mepc));
  if (mcause == 8 || mcause == 9) {   /* environment call from U-mode (8) or S-mode (9) */
    if (hc_pvdemo_mode_allowed_riscv64(mcause == 9 ? hc_pvdemo_MODE_KERNEL : hc_pvdemo_MODE_USER)) (void)hc_pvdemo_dispatch_riscv64(r, &pvdemo, 0);
    else (void)hc_pvdemo_deny_riscv64(r);
    __asm__ volatile("csrw mepc, %0" : : "r"(mepc + 4));
    return;
  }
  __asm__ volatile("csrr %0, mtval" : "=r"(mtval));
  uart_puts("\nHCGEN-FW unexpected trap: mcause="); uart_hex(mcause);
  uart_puts(" mepc="); uart_hex(mepc); uart_puts(" mtval="); uart_hex(mtval); uart_puts("\n");
  power_off((1u << 16) | 0x3333);   /* fail: QEMU exits with status 1 */
}
