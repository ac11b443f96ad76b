/* A tiny aarch64 EL2 stub hypervisor for QEMU virt,virtualization=on, built around the generated
 * host dispatcher (arm_smccc_dispatch.h): the guest at EL1 calls PSCI/SMCCC with hvc, and every
 * answer is written back by generated code. Implements PSCI_VERSION, PSCI_FEATURES, AFFINITY_INFO
 * (one CPU), SYSTEM_OFF, SMCCC_VERSION and SMCCC_ARCH_FEATURES; everything else gets NOT_SUPPORTED
 * from the dispatcher. SYSTEM_OFF is passed down to QEMU's own PSCI with the generated guest stub
 * over smc (build with -Dhc_arm_smccc_CONDUIT_SMC): both halves of the generated C in one binary.
 * Hand-written for hcgen's tests. */
#include <stdint.h>
#include "arm_smccc_dispatch.h"

#define PL011_DR ((volatile uint32_t *)0x09000000UL)
#define PL011_FR ((volatile uint32_t *)0x09000018UL)
#ifndef GUEST_ENTRY
#define GUEST_ENTRY 0x40080000UL   /* where -device loader put the EL1 guest */
#endif

static const struct hc_arm_smccc_handlers psci;

static void uart_putc(char c)
{
  while (*PL011_FR & (1u << 5)) { }
  *PL011_DR = (uint32_t)(unsigned char)c;
}
static void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
static void uart_hex(unsigned long v)
{
  int i;
  uart_puts("0x");
  for (i = 60; i >= 0; i -= 4) uart_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

void *memset(void *d, int c, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
  volatile unsigned char *p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}

/* Whether this hypervisor's table implements a function ID (PSCI_FEATURES, SMCCC_ARCH_FEATURES). */
static int implemented(uint32_t fid)
{
  struct hc_arm_smccc_aarch64_regs r = { 0 };
  r.x0 = fid;
  return hc_arm_smccc_has_handler(&psci, hc_arm_smccc_call_of_aarch64(&r));
}

static int64_t psci_version(void *ctx, struct hc_arm_smccc_psci_0_2_fn_psci_version_results *res) { (void)ctx; res->version = 0x10001; return hc_arm_smccc_DISPATCH_SUCCESS; }
static int64_t smccc_version(void *ctx, struct hc_arm_smccc_arm_smccc_version_func_id_results *res) { (void)ctx; res->version = 0x10001; return hc_arm_smccc_DISPATCH_SUCCESS; }
static int64_t psci_features(void *ctx, const struct hc_arm_smccc_psci_1_0_fn_psci_features_args *a, struct hc_arm_smccc_psci_1_0_fn_psci_features_results *res)
{
  (void)ctx;
  if (!implemented(a->psci_func_id)) return hc_arm_smccc_PSCI_RET_NOT_SUPPORTED;
  res->features = 0;
  return hc_arm_smccc_DISPATCH_SUCCESS;
}
static int64_t arch_features(void *ctx, const struct hc_arm_smccc_arm_smccc_arch_features_func_id_args *a, struct hc_arm_smccc_arm_smccc_arch_features_func_id_results *res)
{
  (void)ctx;
  if (!implemented(a->function_id)) return hc_arm_smccc_SMCCC_RET_NOT_SUPPORTED;
  res->features = 0;
  return hc_arm_smccc_DISPATCH_SUCCESS;
}
static int64_t affinity_info(void *ctx, const struct hc_arm_smccc_psci_0_2_fn64_affinity_info_args *a, struct hc_arm_smccc_psci_0_2_fn64_affinity_info_results *res)
{
  (void)ctx;
  if ((a->target_affinity & 0xff00ffffffULL) != 0 || a->lowest_affinity_level != 0) return hc_arm_smccc_PSCI_RET_INVALID_PARAMS;
  res->state = 0;   /* ON: the one CPU is the caller */
  return hc_arm_smccc_DISPATCH_SUCCESS;
}
static int64_t system_off(void *ctx)
{
  (void)ctx;
  uart_puts("HCGEN-HYP SYSTEM_OFF: passing it to the platform firmware over smc\n");
  hc_arm_smccc_psci_0_2_fn_system_off();   /* the generated guest stub, smc conduit: does not return */
  return hc_arm_smccc_PSCI_RET_INTERNAL_FAILURE;
}

static const struct hc_arm_smccc_handlers psci = {
  .psci_0_2_fn_psci_version = psci_version,
  .arm_smccc_version_func_id = smccc_version,
  .psci_1_0_fn_psci_features = psci_features,
  .arm_smccc_arch_features_func_id = arch_features,
  .psci_0_2_fn64_affinity_info = affinity_info,
  .psci_0_2_fn_system_off = system_off,
};

unsigned long hyp_main(void);
unsigned long hyp_main(void)
{
  unsigned long el;
  __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
  uart_puts("HCGEN-HYP aarch64 EL2 stub hypervisor (generated SMCCC dispatcher), CurrentEL="); uart_hex(el >> 2); uart_puts("\n");
  return GUEST_ENTRY;
}

void hyp_sync(struct hc_arm_smccc_aarch64_regs *r);
void hyp_sync(struct hc_arm_smccc_aarch64_regs *r)
{
  unsigned long esr, elr;
  __asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
  if ((esr >> 26) == 0x16) {   /* HVC from AArch64: ELR_EL2 already points past the hvc */
    (void)hc_arm_smccc_dispatch_aarch64(r, &psci, 0);
    return;
  }
  __asm__ volatile("mrs %0, elr_el2" : "=r"(elr));
  uart_puts("\nHCGEN-HYP unexpected exception from EL1: ESR_EL2="); uart_hex(esr); uart_puts(" ELR_EL2="); uart_hex(elr); uart_puts("\n");
  hc_arm_smccc_psci_0_2_fn_system_off();
}

void hyp_fatal(void);
void hyp_fatal(void)
{
  unsigned long esr;
  __asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
  uart_puts("\nHCGEN-HYP unexpected exception at EL2: ESR_EL2="); uart_hex(esr); uart_puts("\n");
}
