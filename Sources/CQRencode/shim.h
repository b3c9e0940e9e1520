#ifndef TRACTOK_CQRENCODE_SHIM_H
#define TRACTOK_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
