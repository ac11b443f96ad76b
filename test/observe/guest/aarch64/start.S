/* Entry of the hcgen trace test guest on aarch64: QEMU's direct ELF boot enters at EL1
 * (virtualization=off, secure=off), MMU off. Sets up a stack, clears .bss, calls guest_main. */
  .section .text.start, "ax"
  .globl _start
_start:
  ldr  x0, =__stack_top
  mov  sp, x0
  ldr  x0, =__bss_start
  ldr  x1, =__bss_end
1:cmp  x0, x1
  b.hs 2f
  str  xzr, [x0], #8
  b    1b
2:bl   guest_main
3:wfi
  b    3b
  .ltorg
