/* What both riscv64 M-mode test firmwares (fw.c: SBI, pvdemo-fw.c: the pvdemo example) need from
 * QEMU's virt machine: the ns16550a UART, the sifive_test power-off device, the fw_dynamic hand-off,
 * entry to S-mode and the report of an unexpected trap. Static functions: each firmware is one
 * translation unit (plus start.S). */
#ifndef HCGEN_TEST_FW_VIRT_H
#define HCGEN_TEST_FW_VIRT_H
#include <stdint.h>

#define UART_THR ((volatile uint8_t *)0x10000000UL)   /* ns16550a transmit holding register */
#define UART_LSR ((volatile uint8_t *)0x10000005UL)   /* line status: bit 5 = THR empty */
#define VIRT_TEST ((volatile uint32_t *)0x100000UL)   /* sifive_test: 0x5555 pass (power off), 0x7777 reset */
#define FW_DYNAMIC_MAGIC 0x4942534fUL                 /* "OSBI": QEMU passes fw_dynamic info in a2 */

struct fw_dynamic_info { unsigned long magic, version, next_addr, next_mode, options, boot_hart; };

/* The compiler may call memset to zero a struct; volatile keeps this loop from becoming a memset call. */
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

/* PMP open for S-mode, MPP = S, the banner; returns the S-mode entry point (start.S mrets to it). */
static unsigned long enter_s_mode(const char *banner, const struct fw_dynamic_info *info)
{
  unsigned long mstatus;
  __asm__ volatile("csrw pmpaddr0, %0" : : "r"(~0UL));
  __asm__ volatile("csrw pmpcfg0, %0" : : "r"(0x1fUL));   /* NAPOT, RWX: all memory */
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  mstatus = (mstatus & ~(3UL << 11)) | (1UL << 11);        /* MPP = S */
  __asm__ volatile("csrw mstatus, %0" : : "r"(mstatus));
  uart_puts(banner);
  return info && info->magic == FW_DYNAMIC_MAGIC ? info->next_addr : 0x80200000UL;
}

/* Any trap the firmware does not expect stops the machine with a message and a failing exit. */
static void unexpected_trap(unsigned long mcause, unsigned long mepc)
{
  unsigned long mtval;
  __asm__ volatile("csrr %0, mtval" : "=r"(mtval));
  uart_puts("\nHCGEN-FW unexpected trap: mcause="); uart_hex(mcause);
  uart_puts(" mepc="); uart_hex(mepc); uart_puts(" mtval="); uart_hex(mtval); uart_puts("\n");
  power_off((1u << 16) | 0x3333);   /* fail: QEMU exits with status 1 */
}
#endif
