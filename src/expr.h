/* expr.h — (internal) arithmetic expressions over named numbers, as written in model files:
 * `64*width`, `classes`, `2*ch`, `(a + b) / 2`, `-x`.  Operators + - * /, parentheses, unary
 * minus and plus; numbers in decimal (`1`, `0.5`, `1e3`); names [A-Za-z_][A-Za-z0-9_]*.
 * An expression remembers the YAML scalar it came from, so that every error points at the
 * scalar (plus the offset within its text for plain scalars) and names the field. */
#ifndef HC_EXPR_H
#define HC_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"

struct hc_arena;
struct ynode;

#define EXPR_MAX_NODES 256 /* operators and operands per expression */
#define EXPR_MAX_DEPTH 32  /* nested parentheses / unary operators */

struct expr;

/* Names visible to an expression: levels searched innermost first (a block's arguments, then
 * the model's parameters).  vals may be NULL when only names are checked. */
struct escope {
    const char *const *names;
    const double *vals;
    size_t n;
    const struct escope *up;
};

/* Parses the scalar node (field key names it in messages) into *out, allocated in a.
 * A non-scalar, an empty text or a syntax error is an error at the node. */
enum hc_status expr_parse(struct hc_arena *a, const struct ynode *node, const char *key,
                          struct expr **out, struct hc_diags *d);

/* Reports every name in e that s does not define ("unknown name 'widht' in 'out'; did you mean
 * 'width'? (names: width, classes)").  Returns HC_OK or HC_ERR_INPUT. */
enum hc_status expr_check(const struct expr *e, const struct escope *s, struct hc_diags *d);

/* Evaluates e in s.  Errors: an unknown name, division by zero, a non-finite result. */
enum hc_status expr_eval(const struct expr *e, const struct escope *s, double *out,
                         struct hc_diags *d);

/* True (and *v set) when e names nothing, so that its value is known at load time. */
bool expr_const(const struct expr *e, double *v);

/* The scalar the expression was written as, and the field key. */
const struct ynode *expr_node(const struct expr *e);
const char *expr_key(const struct expr *e);

/* The value of name in s, or false. */
bool escope_lookup(const struct escope *s, const char *name, double *out);

#endif
