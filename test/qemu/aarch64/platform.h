/* aarch64 virt: output goes to the PL011 UART by MMIO (PSCI has no console), so a broken conduit
 * still shows where the guest stopped. start.S passes CurrentEL: the EL decides the conduit
 * (EL1 -> hvc, virtualization=on puts us at EL2 -> smc), so check the build matches the machine. */
#define PL011_DR ((volatile uint32_t *)0x09000000UL)
#define PL011_FR ((volatile uint32_t *)0x09000018UL)

static void platform_putc(char c)
{
  while (*PL011_FR & (1u << 5)) { }   /* TXFF: transmit FIFO full */
  *PL011_DR = (uint32_t)(unsigned char)c;
}
static void platform_init(unsigned long el) { (void)el; }
static void platform_checks(unsigned long el)
{
  conf_puts("PLATFORM CurrentEL="); conf_hex(el);
  conf_puts(" conduit=" hc_arm_smccc_CONDUIT "\n");
  /* smc is right at EL2 (firmware at EL3), hvc at EL1 (hypervisor at EL2). */
  conf_check("current-el-matches-conduit", el == (hc_arm_smccc_CONDUIT[0] == 's' ? 2u : 1u));
}
