/* hcgen trace test guest (riscv64, S-mode under OpenSBI): makes a fixed sequence of SBI calls that
 * test/observe/trace.test.ts expects `hcgen trace` to decode, in this order:
 *   sbi_get_spec_version, sbi_probe_extension(SRST), sbi_probe_extension(0x12345678),
 *   sbi_legacy_console_putchar('o'), ('k'), ('\n'), an unknown EID, sbi_system_reset(shutdown). */
struct sbiret { long error; long value; };

/* One ecall site per stub (noinline), so the trace sees the same trap addresses every time. */
__attribute__((noinline)) static struct sbiret sbi_call(unsigned long eid, unsigned long fid,
                                                       unsigned long a0, unsigned long a1)
{
  register unsigned long r0 __asm__("a0") = a0;
  register unsigned long r1 __asm__("a1") = a1;
  register unsigned long r6 __asm__("a6") = fid;
  register unsigned long r7 __asm__("a7") = eid;
  __asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
  struct sbiret r = { (long)r0, (long)r1 };
  return r;
}

/* Legacy console putchar: EID 0x01, a0 = ch; only a0 comes back. */
__attribute__((noinline)) static long sbi_legacy_putchar(int ch)
{
  register unsigned long r0 __asm__("a0") = (unsigned long)ch;
  register unsigned long r7 __asm__("a7") = 0x01;
  __asm__ __volatile__("ecall" : "+r"(r0) : "r"(r7) : "memory");
  return (long)r0;
}

#define SBI_EXT_BASE 0x10
#define SBI_EXT_SRST 0x53525354

void guest_main(void)
{
  sbi_call(SBI_EXT_BASE, 0, 0, 0);              /* sbi_get_spec_version */
  sbi_call(SBI_EXT_BASE, 3, SBI_EXT_SRST, 0);   /* sbi_probe_extension(SRST) */
  sbi_call(SBI_EXT_BASE, 3, 0x12345678, 0);     /* sbi_probe_extension(unknown) -> value 0 */
  sbi_legacy_putchar('o');
  sbi_legacy_putchar('k');
  sbi_legacy_putchar('\n');
  sbi_call(0x0BADCA11, 0, 0, 0);                /* no such extension: SBI_ERR_NOT_SUPPORTED */
  sbi_call(SBI_EXT_SRST, 0, 0, 0);              /* sbi_system_reset(shutdown, no reason) */
}
