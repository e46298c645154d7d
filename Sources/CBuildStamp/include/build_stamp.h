#ifndef ODH_BUILD_STAMP_H
#define ODH_BUILD_STAMP_H

/* The version and commit of this binary. They are not compiled in: `make build`, `make
   install` and `make dist` write them into the finished binary (scripts/stamp-version.py),
   so a new commit never forces a rebuild and a plain `swift build` still works. The slot
   starts with ODH_BUILD_STAMP_MARKER, which the stamper looks for; the rest is
   "version=V\ncommit=C\n" padded with NUL bytes. */
#define ODH_BUILD_STAMP_MARKER "@(#)kubectl-odh build stamp\n"
#define ODH_BUILD_STAMP_SIZE 256

/* "version=…\ncommit=…\n" as stamped, or the defaults of an unstamped build. */
const char *odh_build_stamp_fields(void);

#endif
