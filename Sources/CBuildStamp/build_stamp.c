#include "build_stamp.h"

/* Writable and externally visible, so the compiler must read it at run time and never
   folds the unstamped defaults into the code that prints them. */
char odh_build_stamp[ODH_BUILD_STAMP_SIZE] = ODH_BUILD_STAMP_MARKER "version=dev\ncommit=unknown\n";

const char *odh_build_stamp_fields(void) {
    return odh_build_stamp + sizeof(ODH_BUILD_STAMP_MARKER) - 1;
}
