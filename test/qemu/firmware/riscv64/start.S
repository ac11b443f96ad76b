/* riscv64 virt M-mode firmware entry and trap vector (hand-written for hcgen's tests).
 * QEMU's reset code enters at 0x80000000 in M-mode: a0 = hartid, a1 = FDT, a2 = fw_dynamic info.
 * Only hart 0 runs (QEMU virt default, -smp 1). */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la   sp, __stack_top
  .option pop
  csrw mscratch, sp          /* the trap vector runs on this stack */
  la   t0, __bss_start
  la   t1, __bss_end
1:bgeu t0, t1, 2f
  sd   zero, 0(t0)
  addi t0, t0, 8
  j    1b
2:la   t0, fw_trap_vector
  csrw mtvec, t0
  mv   s0, a0                /* hartid and FDT for the S-mode guest */
  mv   s1, a1
  call fw_main               /* fw_main(hartid, fdt, fw_dynamic info) returns the S-mode entry */
  csrw mepc, a0
  mv   a0, s0
  mv   a1, s1
  mret                       /* mstatus.MPP = S was set by fw_main */

/* A trap from S-mode: save x1..x31 as struct hc_riscv_sbi_riscv64_regs (x0 slot stays 0), call
 * fw_trap(frame), restore (with the results the dispatcher wrote) and mret. */
  .balign 4
fw_trap_vector:
  csrrw sp, mscratch, sp     /* sp = M stack, mscratch = the guest's sp */
  addi sp, sp, -256
  sd   zero, 0(sp)
  sd   x1, 8(sp)
  sd   x3, 24(sp)
  sd   x4, 32(sp)
  sd   x5, 40(sp)
  sd   x6, 48(sp)
  sd   x7, 56(sp)
  sd   x8, 64(sp)
  sd   x9, 72(sp)
  sd   x10, 80(sp)
  sd   x11, 88(sp)
  sd   x12, 96(sp)
  sd   x13, 104(sp)
  sd   x14, 112(sp)
  sd   x15, 120(sp)
  sd   x16, 128(sp)
  sd   x17, 136(sp)
  sd   x18, 144(sp)
  sd   x19, 152(sp)
  sd   x20, 160(sp)
  sd   x21, 168(sp)
  sd   x22, 176(sp)
  sd   x23, 184(sp)
  sd   x24, 192(sp)
  sd   x25, 200(sp)
  sd   x26, 208(sp)
  sd   x27, 216(sp)
  sd   x28, 224(sp)
  sd   x29, 232(sp)
  sd   x30, 240(sp)
  sd   x31, 248(sp)
  csrr t0, mscratch
  sd   t0, 16(sp)            /* the guest's sp */
  mv   a0, sp
  call fw_trap
  ld   x1, 8(sp)
  ld   x3, 24(sp)
  ld   x4, 32(sp)
  ld   x5, 40(sp)
  ld   x6, 48(sp)
  ld   x7, 56(sp)
  ld   x8, 64(sp)
  ld   x9, 72(sp)
  ld   x10, 80(sp)
  ld   x11, 88(sp)
  ld   x12, 96(sp)
  ld   x13, 104(sp)
  ld   x14, 112(sp)
  ld   x15, 120(sp)
  ld   x16, 128(sp)
  ld   x17, 136(sp)
  ld   x18, 144(sp)
  ld   x19, 152(sp)
  ld   x20, 160(sp)
  ld   x21, 168(sp)
  ld   x22, 176(sp)
  ld   x23, 184(sp)
  ld   x24, 192(sp)
  ld   x25, 200(sp)
  ld   x26, 208(sp)
  ld   x27, 216(sp)
  ld   x28, 224(sp)
  ld   x29, 232(sp)
  ld   x30, 240(sp)
  ld   x31, 248(sp)
  addi sp, sp, 256
  csrrw sp, mscratch, sp     /* back to the guest's sp; mscratch = M stack again */
  mret
