/* hcgen trace test guest (aarch64, EL1 under QEMU's built-in PSCI over `hvc #0`): makes a fixed
 * sequence of SMCCC calls that test/observe/trace.test.ts expects `hcgen trace` to decode:
 *   PSCI_VERSION, PSCI_FEATURES(SYSTEM_OFF), an unknown function ID, SYSTEM_OFF. */
typedef unsigned long u64;

/* One hvc site (noinline): x0 = function ID, x1 = argument; x0 comes back. */
__attribute__((noinline)) static u64 smccc_call(u64 fid, u64 arg1)
{
  register u64 x0 __asm__("x0") = fid;
  register u64 x1 __asm__("x1") = arg1;
  __asm__ __volatile__("hvc #0" : "+r"(x0), "+r"(x1) : : "x2", "x3", "memory");
  return x0;
}

void guest_main(void)
{
  smccc_call(0x84000000, 0);            /* PSCI_VERSION */
  smccc_call(0x8400000a, 0x84000008);   /* PSCI_FEATURES(SYSTEM_OFF) */
  smccc_call(0x8400abcd, 0);            /* no such PSCI function */
  smccc_call(0x84000008, 0);            /* SYSTEM_OFF: QEMU powers off */
}
