/* Entry of the hcgen trace test guest. OpenSBI (-bios default) enters here in S-mode with
 * a0 = hartid, a1 = FDT. Sets up a stack, clears .bss and calls guest_main. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la   sp, __stack_top
  .option pop
  la   t0, __bss_start
  la   t1, __bss_end
1:bgeu t0, t1, 2f
  sd   zero, 0(t0)
  addi t0, t0, 8
  j    1b
2:call guest_main
3:wfi
  j    3b
