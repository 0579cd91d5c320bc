// tests/main.cpp: the doctest runner's main (the only translation unit that defines it).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
