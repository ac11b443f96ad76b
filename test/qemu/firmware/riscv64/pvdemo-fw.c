/* A tiny riscv64 M-mode firmware that implements the fictional pvdemo ABI (examples/pvdemo) with
 * its generated host dispatcher (examples/pvdemo/generated/c/pvdemo_dispatch.h), so the example's
 * conformance plan (examples/pvdemo/conform.yaml) runs on QEMU virt: `hcgen conform ... --bios`.
 * Shares start.S and link.ld with fw.c (the trap frame is x0..x31, the layout of both ABIs'
 * riscv64 register files). The conformance guest prints and powers off through the virt UART and
 * test device itself, so no SBI is needed. -DPVDEMO_FW_ANY_REASON builds the negative control: a
 * report_crash that accepts reasons the spec does not define. */
#include <stdint.h>
#include "pvdemo_dispatch.h"
#include "virt.h"

#define CONSOLE_MAX 4096                              /* the spec: pvdemo_console_write takes at most 4096 bytes */

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
  (void)hartid; (void)fdt;
  return enter_s_mode("HCGEN-FW riscv64 M-mode pvdemo firmware (generated dispatcher)\n", info);
}

/* Every trap from S- or U-mode: pvdemo's ecall, with the spec's privilege rule (kernel only). */
void fw_trap(struct hc_pvdemo_riscv64_regs *r);
void fw_trap(struct hc_pvdemo_riscv64_regs *r)
{
  unsigned long mcause, mepc;
  __asm__ volatile("csrr %0, mcause" : "=r"(mcause));
  __asm__ volatile("csrr %0, mepc" : "=r"(mepc));
  if (mcause == 8 || mcause == 9) {   /* environment call from U-mode (8) or S-mode (9) */
    if (hc_pvdemo_mode_allowed_riscv64(mcause == 9 ? hc_pvdemo_MODE_KERNEL : hc_pvdemo_MODE_USER)) (void)hc_pvdemo_dispatch_riscv64(r, &pvdemo, 0);
    else (void)hc_pvdemo_deny_riscv64(r);
    __asm__ volatile("csrw mepc, %0" : : "r"(mepc + 4));
    return;
  }
  unexpected_trap(mcause, mepc);
}
