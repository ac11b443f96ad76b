/* aarch64 EL2 stub hypervisor (hand-written for hcgen's tests): entered by QEMU at EL2 with the
 * MMU off; installs the EL2 vectors, makes EL1 AArch64 and erets to the guest at EL1h. A guest hvc
 * arrives at "lower EL, AArch64, synchronous": x0..x30 are saved as struct
 * hc_arm_smccc_aarch64_regs, hyp_sync() dispatches, and the registers are restored and eret'ed. */
  .section .text.start, "ax"
  .globl _start
_start:
  ldr  x1, =__stack_top
  mov  sp, x1
  ldr  x1, =__bss_start
  ldr  x2, =__bss_end
1:cmp  x1, x2
  b.hs 2f
  str  xzr, [x1], #8
  b    1b
2:ldr  x1, =hyp_vectors
  msr  vbar_el2, x1
  mov  x1, #(1 << 31)        /* HCR_EL2.RW: EL1 is AArch64; no stage 2, hvc enabled */
  msr  hcr_el2, x1
  ldr  x1, =0x30d00800       /* SCTLR_EL1: RES1 bits, MMU and caches off */
  msr  sctlr_el1, x1
  mov  x1, #3                /* CNTHCTL_EL2: EL1 may use the physical counter and timer */
  msr  cnthctl_el2, x1
  msr  cntvoff_el2, xzr
  mov  x1, #0x33ff           /* CPTR_EL2: no FP/SIMD traps */
  msr  cptr_el2, x1
  bl   hyp_main              /* returns the EL1 entry point */
  msr  elr_el2, x0
  mov  x0, #0x3c5            /* SPSR_EL2: EL1h, DAIF masked */
  msr  spsr_el2, x0
  mov  x0, xzr
  isb
  eret

  .balign 2048
hyp_vectors:
  .rept 8                    /* current EL (SP0, SPx): not expected */
  .balign 128
  b    hyp_unexpected
  .endr
  .balign 128
  b    hyp_lower_sync         /* lower EL, AArch64, synchronous: hvc */
  .rept 7
  .balign 128
  b    hyp_unexpected
  .endr

hyp_lower_sync:
  sub  sp, sp, #256
  stp  x0, x1, [sp, #0]
  stp  x2, x3, [sp, #16]
  stp  x4, x5, [sp, #32]
  stp  x6, x7, [sp, #48]
  stp  x8, x9, [sp, #64]
  stp  x10, x11, [sp, #80]
  stp  x12, x13, [sp, #96]
  stp  x14, x15, [sp, #112]
  stp  x16, x17, [sp, #128]
  stp  x18, x19, [sp, #144]
  stp  x20, x21, [sp, #160]
  stp  x22, x23, [sp, #176]
  stp  x24, x25, [sp, #192]
  stp  x26, x27, [sp, #208]
  stp  x28, x29, [sp, #224]
  str  x30, [sp, #240]
  mov  x0, sp
  bl   hyp_sync
  ldp  x0, x1, [sp, #0]
  ldp  x2, x3, [sp, #16]
  ldp  x4, x5, [sp, #32]
  ldp  x6, x7, [sp, #48]
  ldp  x8, x9, [sp, #64]
  ldp  x10, x11, [sp, #80]
  ldp  x12, x13, [sp, #96]
  ldp  x14, x15, [sp, #112]
  ldp  x16, x17, [sp, #128]
  ldp  x18, x19, [sp, #144]
  ldp  x20, x21, [sp, #160]
  ldp  x22, x23, [sp, #176]
  ldp  x24, x25, [sp, #192]
  ldp  x26, x27, [sp, #208]
  ldp  x28, x29, [sp, #224]
  ldr  x30, [sp, #240]
  add  sp, sp, #256
  eret

hyp_unexpected:
  bl   hyp_fatal
3:wfi
  b    3b
  .ltorg
