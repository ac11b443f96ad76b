/*
 * hc_demo: C guest stubs for Demo paravirtual interface (test fixture) 1.0 (spec test/fixtures/valid/demo.yaml, ABI id demo).
 * Arches: ppc64, riscv32, riscv64, x86_64. Freestanding: needs only <stdint.h>.
 * Compare a status with (long)r.<status> == P_<ERROR> (works on 32- and 64-bit arches).
 *
 * C API (P = hc_demo; CALL, ERROR, MAGIC are the spec's names, upper-cased; call is lower-cased):
 *   P_<CALL>_ID          value of the call's first selector that carries identity fields (a register,
 *                        or the trap operand), e.g. hc_demo_DEMO_VERSION_ID; any further selector register
 *                        is P_<CALL>_ID_<FIELD>. Defined per arch block where the value differs.
 *   P_<ERROR>            status value as the register holds it, a signed long long literal
 *   P_<MAGIC>            magic value, unsigned long long
 *   struct P_ret         (hc_demo_ret) one unsigned long (the arch word) per result
 *                        register of the convention, named by the result; a result read from
 *                        bits hi:lo holds just those bits. Other conventions: struct P_<conv>_ret.
 *   P_<call>(...)        one static inline stub per call, e.g. hc_demo_demo_version();
 *                        arguments in spec order (u64 -> uint64_t, ulong/gpa/gva/ptr -> unsigned
 *                        long, bool -> _Bool; a 64-bit argument takes a register pair on 32-bit
 *                        arches). Returns its convention's struct, or void if it has no results.
 *   P_ARCH               spec arch name of the current target (undefined: no stubs for it)
 * Build option: x86 stubs issue vmcall (Intel); define HC_X86_AMD to issue vmmcall (AMD).
 * Build option: define P_USE_TRAP_<TRAP> (e.g. hc_demo_USE_TRAP_<NAME>, names in the arch blocks) to issue that trap instead of the spec's.
 * Every stub clobbers "memory" and every register the convention says may change; selector and
 * argument registers the convention preserves are inputs only. Traps are raw encodings (.byte/.4byte/
 * .inst) of the spec's instruction bytes, with the mnemonic beside them.
 */

#ifndef HC_DEMO_H
#define HC_DEMO_H

#include <stdint.h>

/* Status values as the status register holds them (sign: negated); compare with (long)r.<status>. */
#define hc_demo_DEMO_OK (0LL) /* 0 */
#define hc_demo_DEMO_EPERM (-1LL) /* 1: Not allowed from this mode. */
#define hc_demo_DEMO_EIO (-5LL) /* 5 */
#define hc_demo_DEMO_EFAULT (-14LL) /* 14 */
#define hc_demo_DEMO_ENOSYS (-1000LL) /* 1000 */

/* Magic values. */
#define hc_demo_DEMO_MAGIC_R0 0x4b564d21ULL /* "KVM!"; in r0; arches ppc64; Marks the magic sequence. */
#define hc_demo_DEMO_SIGNATURE 0x44454d4f44454d4fULL /* "DEMODEMO"; CPUID 0x40000100; arches x86_64 */

/* Selector values, the same on every arch that has the call. */
#define hc_demo_DEMO_SET_TIMER_ID 0x54494d45ULL
#define hc_demo_DEMO_SET_TIMER_ID_FUNCTION 0x0ULL
#define hc_demo_DEMO_OLD_TIMER_ID 0x54494d45ULL
#define hc_demo_DEMO_OLD_TIMER_ID_FUNCTION 0x1ULL
#define hc_demo_DEMO_BIG_CONSTANT_ID 0xfffffffe8000ffffULL

/* hc_demo_ARCH: the spec arch these stubs were built for (undefined: no stubs for this target). */
#if defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define hc_demo_ARCH "ppc64"
#elif defined(__riscv) && __riscv_xlen == 32
#define hc_demo_ARCH "riscv32"
#elif defined(__riscv) && __riscv_xlen == 64
#define hc_demo_ARCH "riscv64"
#elif defined(__x86_64__)
#define hc_demo_ARCH "x86_64"
#endif

/* ======== ppc64 ======== */
#if defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
_Static_assert(sizeof(unsigned long) * 8 == 64, "hc_demo: these stubs need a 64-bit unsigned long");
#if (defined(hc_demo_USE_TRAP_SC1) + defined(hc_demo_USE_TRAP_MAGIC_SC)) > 1
#error "hc_demo: define at most one of hc_demo_USE_TRAP_SC1, hc_demo_USE_TRAP_MAGIC_SC"
#endif
#if defined(hc_demo_USE_TRAP_SC1)
#define hc_demo__trap_sc1 ".4byte 0x44000022" /* sc 1 */
#elif defined(hc_demo_USE_TRAP_MAGIC_SC)
#define hc_demo__trap_sc1 ".4byte 0x3c004b56\n\t.4byte 0x60004d21\n\t.4byte 0x44000002" /* lis r0,0x4b56; ori r0,r0,0x4d21; sc */
#else
#define hc_demo__trap_sc1 ".4byte 0x44000022" /* sc 1 */
#endif
#if defined(hc_demo_USE_TRAP_SC1)
#define hc_demo__trap_magic_sc ".4byte 0x44000022" /* sc 1 */
#elif defined(hc_demo_USE_TRAP_MAGIC_SC)
#define hc_demo__trap_magic_sc ".4byte 0x3c004b56\n\t.4byte 0x60004d21\n\t.4byte 0x44000002" /* lis r0,0x4b56; ori r0,r0,0x4d21; sc */
#else
#define hc_demo__trap_magic_sc ".4byte 0x3c004b56\n\t.4byte 0x60004d21\n\t.4byte 0x44000002" /* lis r0,0x4b56; ori r0,r0,0x4d21; sc */
#endif

struct hc_demo_ret {
  unsigned long status; /* r3, status */
  unsigned long value; /* r4 */
};
_Static_assert(sizeof(struct hc_demo_ret) == 2 * sizeof(unsigned long), "hc_demo_ret: one word per result register");

#define hc_demo_DEMO_VERSION_ID 0x100000ULL
_Static_assert(hc_demo_DEMO_VERSION_ID == ((0x10ULL << 16)), "hc_demo_DEMO_VERSION_ID: fields");
#define hc_demo_DEMO_ECHO_ID 0x100001ULL
_Static_assert(hc_demo_DEMO_ECHO_ID == ((0x10ULL << 16) | 0x1ULL), "hc_demo_DEMO_ECHO_ID: fields");
#define hc_demo_DEMO_CONSOLE_WRITE_ID 0x200000ULL
_Static_assert(hc_demo_DEMO_CONSOLE_WRITE_ID == ((0x20ULL << 16)), "hc_demo_DEMO_CONSOLE_WRITE_ID: fields");

/*
 * demo_version: Returns the interface version.
 * selector r11 = 0x100000; convention default; trap sc1
 * returns version (u32) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_version(void)
{
  register unsigned long _hc_r3 __asm__("r3");
  register unsigned long _hc_r4 __asm__("r4");
  register unsigned long _hc_r11 __asm__("r11") = hc_demo_DEMO_VERSION_ID;
  __asm__ __volatile__(hc_demo__trap_sc1
                       : "=r"(_hc_r3), "=r"(_hc_r4)
                       : "r"(_hc_r11)
                       : "r0", "r12", "ctr", "xer", "cr0", "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_r3, .value = _hc_r4 };
  return _hc_ret;
}

/*
 * demo_echo: Returns its argument; the argument is a register pair on riscv32.
 * selector r11 = 0x100001; convention default; trap sc1
 * value (u64) -> r3
 * returns value (u64) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_echo(uint64_t value)
{
  register unsigned long _hc_r3 __asm__("r3") = (unsigned long)(value);
  register unsigned long _hc_r4 __asm__("r4");
  register unsigned long _hc_r11 __asm__("r11") = hc_demo_DEMO_ECHO_ID;
  __asm__ __volatile__(hc_demo__trap_sc1
                       : "+r"(_hc_r3), "=r"(_hc_r4)
                       : "r"(_hc_r11)
                       : "r0", "r12", "ctr", "xer", "cr0", "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_r3, .value = _hc_r4 };
  return _hc_ret;
}

/*
 * demo_console_write
 * selector r11 = 0x200000; convention default; trap sc1
 * addr (gpa, in) -> r3: Bytes to write.
 * len (u64) -> r4
 * returns written (u64) in .value
 * errors: DEMO_EFAULT
 * deprecated since 1.1: use a console device
 */
static inline struct hc_demo_ret hc_demo_demo_console_write(unsigned long addr, uint64_t len)
{
  register unsigned long _hc_r3 __asm__("r3") = (unsigned long)(addr);
  register unsigned long _hc_r4 __asm__("r4") = (unsigned long)(len);
  register unsigned long _hc_r11 __asm__("r11") = hc_demo_DEMO_CONSOLE_WRITE_ID;
  __asm__ __volatile__(hc_demo__trap_sc1
                       : "+r"(_hc_r3), "+r"(_hc_r4)
                       : "r"(_hc_r11)
                       : "r0", "r12", "ctr", "xer", "cr0", "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_r3, .value = _hc_r4 };
  return _hc_ret;
}
#endif /* ppc64 */

/* ======== riscv32 ======== */
#if defined(__riscv) && __riscv_xlen == 32
_Static_assert(sizeof(unsigned long) * 8 == 32, "hc_demo: these stubs need a 32-bit unsigned long");
#define hc_demo__trap_ecall ".4byte 0x00000073" /* ecall */

struct hc_demo_ret {
  unsigned long status; /* a0, status */
  unsigned long value; /* a1 */
};
_Static_assert(sizeof(struct hc_demo_ret) == 2 * sizeof(unsigned long), "hc_demo_ret: one word per result register");

#define hc_demo_DEMO_VERSION_ID 0x10ULL
_Static_assert(hc_demo_DEMO_VERSION_ID <= 0xffffffffULL, "hc_demo_DEMO_VERSION_ID: fits the register");
#define hc_demo_DEMO_VERSION_ID_FUNCTION 0x0ULL
_Static_assert(hc_demo_DEMO_VERSION_ID_FUNCTION <= 0xffffffffULL, "hc_demo_DEMO_VERSION_ID_FUNCTION: fits the register");
#define hc_demo_DEMO_ECHO_ID 0x10ULL
_Static_assert(hc_demo_DEMO_ECHO_ID <= 0xffffffffULL, "hc_demo_DEMO_ECHO_ID: fits the register");
#define hc_demo_DEMO_ECHO_ID_FUNCTION 0x1ULL
_Static_assert(hc_demo_DEMO_ECHO_ID_FUNCTION <= 0xffffffffULL, "hc_demo_DEMO_ECHO_ID_FUNCTION: fits the register");
_Static_assert(hc_demo_DEMO_SET_TIMER_ID <= 0xffffffffULL, "hc_demo_DEMO_SET_TIMER_ID: fits the register");
_Static_assert(hc_demo_DEMO_SET_TIMER_ID_FUNCTION <= 0xffffffffULL, "hc_demo_DEMO_SET_TIMER_ID_FUNCTION: fits the register");
_Static_assert(hc_demo_DEMO_OLD_TIMER_ID <= 0xffffffffULL, "hc_demo_DEMO_OLD_TIMER_ID: fits the register");
_Static_assert(hc_demo_DEMO_OLD_TIMER_ID_FUNCTION <= 0xffffffffULL, "hc_demo_DEMO_OLD_TIMER_ID_FUNCTION: fits the register");

/*
 * demo_version: Returns the interface version.
 * selector a7 = 0x10, a6 = 0x0; convention default; trap ecall
 * returns version (u32) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_version(void)
{
  register unsigned long _hc_a0 __asm__("a0");
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_VERSION_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_VERSION_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "=r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_echo: Returns its argument; the argument is a register pair on riscv32.
 * selector a7 = 0x10, a6 = 0x1; convention default; trap ecall
 * value (u64) -> a0:a1
 * returns value (u32) in .value: the low half (results are one register)
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_echo(uint64_t value)
{
  register unsigned long _hc_a0 __asm__("a0") = (unsigned long)(uint32_t)(value);
  register unsigned long _hc_a1 __asm__("a1") = (unsigned long)((uint64_t)(value) >> 32);
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_ECHO_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_ECHO_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "+r"(_hc_a0), "+r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_set_timer
 * selector a7 = 0x54494d45, a6 = 0x0; convention default; trap ecall
 * deadline (u64) -> a0:a1
 */
static inline struct hc_demo_ret hc_demo_demo_set_timer(uint64_t deadline)
{
  register unsigned long _hc_a0 __asm__("a0") = (unsigned long)(uint32_t)(deadline);
  register unsigned long _hc_a1 __asm__("a1") = (unsigned long)((uint64_t)(deadline) >> 32);
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_SET_TIMER_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_SET_TIMER_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "+r"(_hc_a0), "+r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_old_timer
 * selector a7 = 0x54494d45, a6 = 0x1; convention default; trap ecall
 * REMOVED in 0.9: replaced by demo_set_timer (kept to test that hosts reject it)
 */
static inline struct hc_demo_ret hc_demo_demo_old_timer(void)
{
  register unsigned long _hc_a0 __asm__("a0");
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_OLD_TIMER_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_OLD_TIMER_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "=r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}
#endif /* riscv32 */

/* ======== riscv64 ======== */
#if defined(__riscv) && __riscv_xlen == 64
_Static_assert(sizeof(unsigned long) * 8 == 64, "hc_demo: these stubs need a 64-bit unsigned long");
#define hc_demo__trap_ecall ".4byte 0x00000073" /* ecall */

struct hc_demo_ret {
  unsigned long status; /* a0, status */
  unsigned long value; /* a1 */
};
_Static_assert(sizeof(struct hc_demo_ret) == 2 * sizeof(unsigned long), "hc_demo_ret: one word per result register");

#define hc_demo_DEMO_VERSION_ID 0x10ULL
#define hc_demo_DEMO_VERSION_ID_FUNCTION 0x0ULL
#define hc_demo_DEMO_ECHO_ID 0x10ULL
#define hc_demo_DEMO_ECHO_ID_FUNCTION 0x1ULL

/*
 * demo_version: Returns the interface version.
 * selector a7 = 0x10, a6 = 0x0; convention default; trap ecall
 * returns version (u32) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_version(void)
{
  register unsigned long _hc_a0 __asm__("a0");
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_VERSION_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_VERSION_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "=r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_echo: Returns its argument; the argument is a register pair on riscv32.
 * selector a7 = 0x10, a6 = 0x1; convention default; trap ecall
 * value (u64) -> a0
 * returns value (u64) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_echo(uint64_t value)
{
  register unsigned long _hc_a0 __asm__("a0") = (unsigned long)(value);
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_ECHO_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_ECHO_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "+r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_set_timer
 * selector a7 = 0x54494d45, a6 = 0x0; convention default; trap ecall
 * deadline (u64) -> a0
 */
static inline struct hc_demo_ret hc_demo_demo_set_timer(uint64_t deadline)
{
  register unsigned long _hc_a0 __asm__("a0") = (unsigned long)(deadline);
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_SET_TIMER_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_SET_TIMER_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "+r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}

/*
 * demo_old_timer
 * selector a7 = 0x54494d45, a6 = 0x1; convention default; trap ecall
 * REMOVED in 0.9: replaced by demo_set_timer (kept to test that hosts reject it)
 */
static inline struct hc_demo_ret hc_demo_demo_old_timer(void)
{
  register unsigned long _hc_a0 __asm__("a0");
  register unsigned long _hc_a1 __asm__("a1");
  register unsigned long _hc_a6 __asm__("a6") = hc_demo_DEMO_OLD_TIMER_ID_FUNCTION;
  register unsigned long _hc_a7 __asm__("a7") = hc_demo_DEMO_OLD_TIMER_ID;
  __asm__ __volatile__(hc_demo__trap_ecall
                       : "=r"(_hc_a0), "=r"(_hc_a1)
                       : "r"(_hc_a6), "r"(_hc_a7)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_a0, .value = _hc_a1 };
  return _hc_ret;
}
#endif /* riscv64 */

/* ======== x86_64 ======== */
#if defined(__x86_64__)
_Static_assert(sizeof(unsigned long) * 8 == 64, "hc_demo: these stubs need a 64-bit unsigned long");
#if defined(HC_X86_AMD)
#define hc_demo__trap_vmcall ".byte 0x0f, 0x01, 0xd9" /* vmmcall */
#else
#define hc_demo__trap_vmcall ".byte 0x0f, 0x01, 0xc1" /* vmcall */
#endif
#if defined(HC_X86_AMD)
#define hc_demo__trap_vmmcall ".byte 0x0f, 0x01, 0xd9" /* vmmcall */
#else
#define hc_demo__trap_vmmcall ".byte 0x0f, 0x01, 0xc1" /* vmcall */
#endif

struct hc_demo_ret {
  unsigned long status; /* rax, status */
  unsigned long value; /* rbx */
};
_Static_assert(sizeof(struct hc_demo_ret) == 2 * sizeof(unsigned long), "hc_demo_ret: one word per result register");

#define hc_demo_DEMO_VERSION_ID 0x1080000000ULL
_Static_assert(hc_demo_DEMO_VERSION_ID == ((0x10ULL << 32) | (0x1ULL << 31)), "hc_demo_DEMO_VERSION_ID: fields");
#define hc_demo_DEMO_ECHO_ID 0x1080000001ULL
_Static_assert(hc_demo_DEMO_ECHO_ID == ((0x10ULL << 32) | (0x1ULL << 31) | 0x1ULL), "hc_demo_DEMO_ECHO_ID: fields");
#define hc_demo_DEMO_CONSOLE_WRITE_ID 0x2080000000ULL
_Static_assert(hc_demo_DEMO_CONSOLE_WRITE_ID == ((0x20ULL << 32) | (0x1ULL << 31)), "hc_demo_DEMO_CONSOLE_WRITE_ID: fields");
_Static_assert(hc_demo_DEMO_BIG_CONSTANT_ID == ((0xfffffffeULL << 32) | (0x1ULL << 31) | 0xffffULL), "hc_demo_DEMO_BIG_CONSTANT_ID: fields");

/*
 * demo_version: Returns the interface version.
 * selector rax = 0x1080000000; convention default; trap vmcall
 * returns version (u32) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_version(void)
{
  register unsigned long _hc_rax __asm__("rax") = hc_demo_DEMO_VERSION_ID;
  register unsigned long _hc_rbx __asm__("rbx");
  __asm__ __volatile__(hc_demo__trap_vmcall
                       : "+r"(_hc_rax), "=r"(_hc_rbx)
                       :
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_rax, .value = _hc_rbx };
  return _hc_ret;
}

/*
 * demo_echo: Returns its argument; the argument is a register pair on riscv32.
 * selector rax = 0x1080000001; convention default; trap vmcall
 * value (u64) -> rbx
 * returns value (u64) in .value
 * since 1.0
 */
static inline struct hc_demo_ret hc_demo_demo_echo(uint64_t value)
{
  register unsigned long _hc_rax __asm__("rax") = hc_demo_DEMO_ECHO_ID;
  register unsigned long _hc_rbx __asm__("rbx") = (unsigned long)(value);
  __asm__ __volatile__(hc_demo__trap_vmcall
                       : "+r"(_hc_rax), "+r"(_hc_rbx)
                       :
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_rax, .value = _hc_rbx };
  return _hc_ret;
}

/*
 * demo_console_write
 * selector rax = 0x2080000000; convention default; trap vmcall
 * addr (gpa, in) -> rbx: Bytes to write.
 * len (u64) -> rcx
 * returns written (u64) in .value
 * errors: DEMO_EFAULT
 * deprecated since 1.1: use a console device
 */
static inline struct hc_demo_ret hc_demo_demo_console_write(unsigned long addr, uint64_t len)
{
  register unsigned long _hc_rax __asm__("rax") = hc_demo_DEMO_CONSOLE_WRITE_ID;
  register unsigned long _hc_rcx __asm__("rcx") = (unsigned long)(len);
  register unsigned long _hc_rbx __asm__("rbx") = (unsigned long)(addr);
  __asm__ __volatile__(hc_demo__trap_vmcall
                       : "+r"(_hc_rax), "+r"(_hc_rbx)
                       : "r"(_hc_rcx)
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_rax, .value = _hc_rbx };
  return _hc_ret;
}

/*
 * demo_big_constant: Its rax selector is 0xfffffffe8000ffff, above 2^53.
 * selector rax = 0xfffffffe8000ffff; convention default; trap vmcall
 */
static inline struct hc_demo_ret hc_demo_demo_big_constant(void)
{
  register unsigned long _hc_rax __asm__("rax") = hc_demo_DEMO_BIG_CONSTANT_ID;
  register unsigned long _hc_rbx __asm__("rbx");
  __asm__ __volatile__(hc_demo__trap_vmcall
                       : "+r"(_hc_rax), "=r"(_hc_rbx)
                       :
                       : "memory");
  struct hc_demo_ret _hc_ret = { .status = _hc_rax, .value = _hc_rbx };
  return _hc_ret;
}
#endif /* x86_64 */

#endif /* HC_DEMO_H */
