//===- main.cpp - lazycheck entry point -----------------------------------===//
#include "Driver.h"
#include "llvm/Support/InitLLVM.h"

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  return lazycheck::runLazycheck(
      llvm::ArrayRef<const char *>(argv + 1, argc - 1));
}
