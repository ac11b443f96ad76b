/* hcgen conform, riscv64 virt: the guest's console and exit do not use the ABI under test, so any
 * spec (and any firmware) can be checked. Console: the virt ns16550a UART at 0x10000000 (QEMU
 * hw/riscv/virt.c VIRT_UART0). Exit: the sifive_test finisher at 0x100000 (VIRT_TEST; QEMU
 * hw/misc/sifive_test.c: 0x5555 = pass, exit 0; (code << 16) | 0x3333 = fail, exit code).
 * Both must be reachable from S-mode: OpenSBI's and a typical firmware's PMP allow it. */
#define CONF_UART_THR ((volatile unsigned char *)0x10000000UL)
#define CONF_UART_LSR ((volatile unsigned char *)0x10000005UL)   /* bit 5: THR empty */
#define CONF_VIRT_TEST ((volatile unsigned int *)0x100000UL)

static void platform_putc(char c)
{
  if (c == '\n') platform_putc('\r');
  while (!(*CONF_UART_LSR & 0x20)) { }
  *CONF_UART_THR = (unsigned char)c;
}
static void platform_init(unsigned long hartid) { (void)hartid; }
static void platform_checks(unsigned long hartid) { (void)hartid; }
static void platform_exit(int failed)
{
  *CONF_VIRT_TEST = failed ? ((1u << 16) | 0x3333u) : 0x5555u;
  for (;;) __asm__ volatile("wfi");
}
