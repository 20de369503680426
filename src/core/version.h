/* The product version, shown by --version and /healthz. */
#ifndef OC_CORE_VERSION_H
#define OC_CORE_VERSION_H
#define OC_VERSION "0.1.0"
#endif
