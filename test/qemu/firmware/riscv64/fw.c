/* A tiny riscv64 M-mode SBI firmware for QEMU virt, built around the generated host dispatcher
 * (riscv_sbi_dispatch.h): the trap vector (start.S) saves the S-mode registers as the dispatcher's
 * register file, and every SBI answer is written back by generated code. Hand-written for hcgen's
 * tests; implements BASE, the legacy console, DBCN, HSM hart_get_status and SRST (through the virt
 * test device). Everything else gets SBI_ERR_NOT_SUPPORTED from the dispatcher. */
#include <stdint.h>
#include "riscv_sbi_dispatch.h"
#include "virt.h"

#ifndef FW_IMPL_ID
#error "FW_IMPL_ID: the implementation ID this firmware reports (not a registered SBI ID)"
#endif
static unsigned long boot_hart;
static const struct hc_riscv_sbi_handlers sbi;

static int64_t legacy_putchar(void *ctx, const struct hc_riscv_sbi_sbi_legacy_console_putchar_args *a)
{
  (void)ctx;
  uart_putc((char)a->ch);
  return 0;   /* legacy convention: 0 in a0 */
}
static int64_t get_spec_version(void *ctx, struct hc_riscv_sbi_sbi_get_spec_version_results *res)
{
  (void)ctx;
  res->value = 2UL << 24;   /* SBI v2.0: DBCN */
  return hc_riscv_sbi_SBI_SUCCESS;
}
static int64_t get_impl_id(void *ctx, struct hc_riscv_sbi_sbi_get_impl_id_results *res) { (void)ctx; res->value = FW_IMPL_ID; return hc_riscv_sbi_SBI_SUCCESS; }
static int64_t get_impl_version(void *ctx, struct hc_riscv_sbi_sbi_get_impl_version_results *res) { (void)ctx; res->value = 1; return hc_riscv_sbi_SBI_SUCCESS; }
#define CSR_READER(name, csr) \
  static int64_t name(void *ctx, struct hc_riscv_sbi_##name##_results *res) \
  { unsigned long v; (void)ctx; __asm__ volatile("csrr %0, " #csr : "=r"(v)); res->value = v; return hc_riscv_sbi_SBI_SUCCESS; }
CSR_READER(sbi_get_mvendorid, mvendorid)
CSR_READER(sbi_get_marchid, marchid)
CSR_READER(sbi_get_mimpid, mimpid)

/* An extension is available when this firmware's table handles one of its first 64 function IDs. */
static int64_t probe_extension(void *ctx, const struct hc_riscv_sbi_sbi_probe_extension_args *a, struct hc_riscv_sbi_sbi_probe_extension_results *res)
{
  struct hc_riscv_sbi_riscv64_regs r = { 0 };
  unsigned fid;
  (void)ctx;
  res->value = 0;
  for (fid = 0; fid < 64 && !res->value; fid++) {
    r.a7 = (uint64_t)a->extension_id;
    r.a6 = fid;
    res->value = hc_riscv_sbi_has_handler(&sbi, hc_riscv_sbi_call_of_riscv64(&r));
  }
  return hc_riscv_sbi_SBI_SUCCESS;
}
static int64_t hart_get_status(void *ctx, const struct hc_riscv_sbi_sbi_hart_get_status_args *a, struct hc_riscv_sbi_sbi_hart_get_status_results *res)
{
  (void)ctx;
  if (a->hartid != boot_hart) return hc_riscv_sbi_SBI_ERR_INVALID_PARAM;
  res->value = 0;   /* STARTED */
  return hc_riscv_sbi_SBI_SUCCESS;
}
static int64_t console_write(void *ctx, const struct hc_riscv_sbi_sbi_debug_console_write_args *a, struct hc_riscv_sbi_sbi_debug_console_write_results *res)
{
  const volatile char *p = (const volatile char *)(uintptr_t)a->base_addr_lo;   /* M-mode: physical */
  uint64_t i;
  (void)ctx;
  if (a->base_addr_hi != 0) return hc_riscv_sbi_SBI_ERR_INVALID_PARAM;
  for (i = 0; i < a->num_bytes; i++) uart_putc(p[i]);
  res->value = a->num_bytes;
  return hc_riscv_sbi_SBI_SUCCESS;
}
static int64_t console_write_byte(void *ctx, const struct hc_riscv_sbi_sbi_debug_console_write_byte_args *a) { (void)ctx; uart_putc((char)a->byte); return hc_riscv_sbi_SBI_SUCCESS; }
static int64_t system_reset(void *ctx, const struct hc_riscv_sbi_sbi_system_reset_args *a)
{
  (void)ctx;
  if (a->reset_type == 0) power_off(0x5555);                 /* shutdown */
  if (a->reset_type == 1 || a->reset_type == 2) power_off(0x7777);   /* cold / warm reboot */
  return hc_riscv_sbi_SBI_ERR_INVALID_PARAM;
}

static const struct hc_riscv_sbi_handlers sbi = {
  .sbi_legacy_console_putchar = legacy_putchar,
  .sbi_get_spec_version = get_spec_version,
  .sbi_get_impl_id = get_impl_id,
  .sbi_get_impl_version = get_impl_version,
  .sbi_get_mvendorid = sbi_get_mvendorid,
  .sbi_get_marchid = sbi_get_marchid,
  .sbi_get_mimpid = sbi_get_mimpid,
  .sbi_probe_extension = probe_extension,
  .sbi_hart_get_status = hart_get_status,
  .sbi_debug_console_write = console_write,
  .sbi_debug_console_write_byte = console_write_byte,
  .sbi_system_reset = system_reset,
};

/* Called by start.S once: PMP open for S-mode, MPP = S; returns the S-mode entry point. */
unsigned long fw_main(unsigned long hartid, unsigned long fdt, const struct fw_dynamic_info *info);
unsigned long fw_main(unsigned long hartid, unsigned long fdt, const struct fw_dynamic_info *info)
{
  (void)fdt;
  boot_hart = hartid;
  return enter_s_mode("HCGEN-FW riscv64 M-mode SBI firmware (generated dispatcher)\n", info);
}

/* Every trap from S-mode. Only ecall is expected; anything else stops the machine with a message. */
void fw_trap(struct hc_riscv_sbi_riscv64_regs *r);
void fw_trap(struct hc_riscv_sbi_riscv64_regs *r)
{
  unsigned long mcause, mepc;
  __asm__ volatile("csrr %0, mcause" : "=r"(mcause));
  __asm__ volatile("csrr %0, mepc" : "=r"(mepc));
  if (mcause == 9) {   /* environment call from S-mode */
    (void)hc_riscv_sbi_dispatch_riscv64(r, &sbi, 0);
    __asm__ volatile("csrw mepc, %0" : : "r"(mepc + 4));
    return;
  }
  unexpected_trap(mcause, mepc);
}
