/* check_sweep_model.c — sweeps over real models. */
#include "check_sweep.h"

void sweep_add_model_tests(Suite *s)
{
    (void)s;
}
