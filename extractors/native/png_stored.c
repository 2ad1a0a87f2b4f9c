/* Tesseract 5.0-5.3 keeps each text line's image, on its way to the LSTM recogniser, as a PNG in
 * memory (ImageData::SetPixInternal: pixWriteMem(..., IFF_PNG)) and decodes it again at once
 * (ImageData::GetPix). Written at zlib's default level, that round trip is ~17 % of a 300-dpi page's
 * recognition: deflate searching for matches in scanner noise. PNG is lossless at every level, so
 * the decoded pixels, and everything Tesseract reads from them, are the same at level 0 (stored).
 *
 * Loaded with RTLD_GLOBAL before libtesseract, this library's pixWriteMem comes first among the
 * symbols libtesseract binds to. A PNG is written from a copy of the pix set to zlib level 0 with
 * Leptonica's own knob for it (pixSetZlibCompression); the caller's pix is not touched. Leptonica's
 * functions are handed over by the loader (extractors/png_stored.py) before libtesseract loads.
 */
#include <stddef.h>

typedef int (*write_mem_t)(unsigned char **, size_t *, void *, int);
typedef void *(*copy_t)(void *, const void *);
typedef int (*set_compression_t)(void *, int);
typedef void (*destroy_t)(void **);

#define IFF_PNG 3 /* leptonica imageio.h */

static write_mem_t real_write_mem;
static copy_t pix_copy;
static set_compression_t set_compression;
static destroy_t pix_destroy;
static unsigned long stored_count; /* PNGs written stored: the loader's proof that it took */

void kiemchung_png_stored_init(write_mem_t write_mem, copy_t copy, set_compression_t compression, destroy_t destroy) {
    real_write_mem = write_mem;
    pix_copy = copy;
    set_compression = compression;
    pix_destroy = destroy;
}

unsigned long kiemchung_png_stored_count(void) { return __atomic_load_n(&stored_count, __ATOMIC_RELAXED); }

int pixWriteMem(unsigned char **pdata, size_t *psize, void *pix, int format) {
    if (real_write_mem == NULL) { /* never handed over: fail as Leptonica fails, do not guess */
        if (pdata) *pdata = NULL;
        if (psize) *psize = 0;
        return 1;
    }
    if (format != IFF_PNG || pix == NULL) return real_write_mem(pdata, psize, pix, format);
    void *copy = pix_copy(NULL, pix);
    if (copy == NULL) return real_write_mem(pdata, psize, pix, format);
    set_compression(copy, 0);
    int result = real_write_mem(pdata, psize, copy, format);
    pix_destroy(&copy);
    __atomic_add_fetch(&stored_count, 1, __ATOMIC_RELAXED);
    return result;
}
