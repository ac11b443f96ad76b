/* riscv64 virt + OpenSBI: the console is the generated SBI legacy console_putchar stub (OpenSBI 1.1
 * in QEMU 7.2 has no DBCN). Nothing else to set up: OpenSBI enters S-mode with a0 = hartid. */
static void platform_putc(char c) { (void)hc_riscv_sbi_sbi_legacy_console_putchar(c); }
static void platform_init(unsigned long hartid) { (void)hartid; }
static void platform_checks(unsigned long hartid) { (void)hartid; }
