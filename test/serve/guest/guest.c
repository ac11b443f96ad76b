/* hcgen serve test guest (riscv64 S-mode under OpenSBI, or aarch64 EL1 under QEMU's PSCI), built
 * from the generated C stubs. Neither firmware knows pvdemo: only `hcgen serve` with
 * examples/pvdemo/handlers.ts can answer it. The guest checks every answer, including two catalog
 * calls the handlers serve with values no firmware gives (precedence over the firmware) and one
 * left to the firmware, prints PASS (or FAIL and the first failed check) through the served
 * console call, and powers off through the firmware. Entered from test/observe/guest/<arch>/start.S. */
#include "pvdemo.h"
#if defined(__riscv)
#include "riscv_sbi.h"
#else
#include "arm_smccc.h"
#endif

#define HOST_NAME "hcgen pvdemo host"   /* examples/pvdemo/handlers.ts HOST_NAME */

static char name[64];
static const char hello[] = "hello from the guest\n";
static int failed;                       /* the first failed check, 0 when all passed */

static void check(int id, int ok) { if (!ok && failed == 0) failed = id; }
static int same(const char *a, const char *b, unsigned long n) { for (unsigned long i = 0; i < n; i++) if (a[i] != b[i]) return 0; return 1; }
#define OK(r) ((long)(r).status == hc_pvdemo_PVDEMO_OK)

void guest_main(void)
{
#ifdef BENCH_CALLS   /* bench/serve.ts: stops per second through the gdbstub */
  for (int i = 0; i < BENCH_CALLS; i++) { hc_pvdemo_pvdemo_get_features(); __asm__ __volatile__("" ::: "memory"); }
#endif
  struct hc_pvdemo_ret r = hc_pvdemo_pvdemo_get_features();
  check(1, OK(r) && r.value == 3);
  r = hc_pvdemo_pvdemo_console_write((unsigned long)hello, sizeof hello - 1);   /* the host reads a guest buffer */
  check(2, OK(r) && r.value == sizeof hello - 1);
  r = hc_pvdemo_pvdemo_get_host_name((unsigned long)name, sizeof name);         /* the host writes one */
  check(3, OK(r) && r.value == sizeof HOST_NAME - 1 && same(name, HOST_NAME, sizeof HOST_NAME - 1));
  r = hc_pvdemo_pvdemo_console_write((unsigned long)hello, 5000);               /* too long */
  check(4, (long)r.status == hc_pvdemo_PVDEMO_EINVAL);
#if defined(__riscv)
  struct hc_riscv_sbi_ret v = hc_riscv_sbi_sbi_get_spec_version();             /* served: OpenSBI says 1.0 */
  check(5, (long)v.error == hc_riscv_sbi_SBI_SUCCESS && v.value == ((7UL << 24) | 0x5e));
  v = hc_riscv_sbi_sbi_probe_extension(0x53525354);                             /* left to OpenSBI: SRST exists */
  check(6, (long)v.error == hc_riscv_sbi_SBI_SUCCESS && v.value != 0);
#else
  struct hc_arm_smccc_value_ret v = hc_arm_smccc_psci_0_2_fn_psci_version();   /* served: QEMU says 1.1 */
  check(5, v.value == ((0x63UL << 16) | 7));
  v = hc_arm_smccc_psci_1_0_fn_psci_features(0x84000000);                       /* left to QEMU: PSCI_VERSION exists */
  check(6, (long)v.value == 0);
#endif
  static char verdict[] = "FAIL ?\n";
  if (failed == 0) hc_pvdemo_pvdemo_console_write((unsigned long)"PASS\n", 5);
  else { verdict[5] = (char)('0' + failed); hc_pvdemo_pvdemo_console_write((unsigned long)verdict, 7); }
#if defined(__riscv)
  hc_riscv_sbi_sbi_system_reset(0, 0);                                          /* shutdown, by OpenSBI */
#else
  hc_arm_smccc_psci_0_2_fn_system_off();                                        /* by QEMU's PSCI */
#endif
}
