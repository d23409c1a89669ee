/* The cot executable: everything lives in libcot. */
#include "cot/cli.h"

int main(int argc, char **argv)
{
	return cot_main(argc, argv);
}
