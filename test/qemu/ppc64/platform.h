/* ppc64 pseries (x-vof=on), big- or little-endian build. The console is the generated H_PUT_TERM_CHAR
 * stub; the RTAS power-off token comes from the device tree through the generated
 * KVMPPC_H_VOF_CLIENT stub (the hcall VOF's client-interface entry makes). PAPR memory operands
 * (OF cells, RTAS buffers, H_LOGICAL_CI_LOAD results) are big-endian whatever the guest's order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PLATFORM_BE32(v) __builtin_bswap32(v)
#define PLATFORM_BE64(v) __builtin_bswap64(v)
#else
#define PLATFORM_BE32(v) (v)
#define PLATFORM_BE64(v) (v)
#endif

/* Buffered so one hcall carries up to 16 bytes; flushed at newline and when full. */
static char platform_line[16];
static unsigned long platform_len;
static void platform_flush(void)
{
  unsigned long w[2] = { 0, 0 };
  /* H_PUT_TERM_CHAR: bytes packed big-endian in the register value, first byte most significant. */
  for (unsigned long i = 0; i < platform_len; i++)
    w[i / 8] |= (unsigned long)(unsigned char)platform_line[i] << (56 - 8 * (i % 8));
  if (platform_len) (void)hc_papr_h_put_term_char(0, platform_len, w[0], w[1]);
  platform_len = 0;
}
static void platform_putc(char c)
{
  platform_line[platform_len++] = c;
  if (c == '\n' || platform_len == sizeof platform_line) platform_flush();
}

/* Open Firmware client-interface call: cells are big-endian 32-bit words. */
struct platform_prom_args { uint32_t service, nargs, nret, args[10]; };
static uint32_t platform_of_call(const char *service, int nargs, int nret, const uint32_t *in)
{
  struct platform_prom_args pa;
  pa.service = PLATFORM_BE32((uint32_t)(unsigned long)service);
  pa.nargs = PLATFORM_BE32((uint32_t)nargs); pa.nret = PLATFORM_BE32((uint32_t)nret);
  for (int i = 0; i < 10; i++) pa.args[i] = i < nargs ? PLATFORM_BE32(in[i]) : 0;
  (void)hc_papr_kvmppc_h_vof_client((unsigned long)&pa);
  return nret ? PLATFORM_BE32(pa.args[nargs]) : 0;
}

static uint32_t platform_power_off_token, platform_power_off_len;
static volatile uint64_t platform_probe_word = 0x1122334455667788ull;
static volatile uint64_t platform_store_word;
static uint32_t platform_rtas[6];

static void platform_init(unsigned long msr)
{
  (void)msr;
  uint32_t tok = 0, in[4];
  in[0] = (uint32_t)(unsigned long)"/rtas";
  in[0] = platform_of_call("finddevice", 1, 1, in);
  in[1] = (uint32_t)(unsigned long)"power-off";
  in[2] = (uint32_t)(unsigned long)&tok; in[3] = sizeof tok;
  platform_power_off_len = platform_of_call("getprop", 4, 1, in);
  platform_power_off_token = PLATFORM_BE32(tok);
}
static void platform_checks(unsigned long msr)
{
  conf_puts("PLATFORM MSR="); conf_hex(msr);
  conf_puts(" rtas power-off token="); conf_hex(platform_power_off_token); conf_puts("\n");
  conf_check("msr-sf-64bit", (msr >> 63) == 1);
  conf_check("rtas-power-off-token", platform_power_off_len == 4 && platform_power_off_token != 0);
}
/* RTAS argument buffer {token, nargs = 2, nret = 1, args (0, 0), ret}, big-endian. */
static unsigned long platform_rtas_power_off_args(void)
{
  platform_rtas[0] = PLATFORM_BE32(platform_power_off_token);
  platform_rtas[1] = PLATFORM_BE32(2u); platform_rtas[2] = PLATFORM_BE32(1u);
  platform_rtas[3] = 0; platform_rtas[4] = 0; platform_rtas[5] = PLATFORM_BE32(0xffffffffu);
  return (unsigned long)platform_rtas;
}
