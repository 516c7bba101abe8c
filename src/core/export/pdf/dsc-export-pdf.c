/* dsc-export-pdf.c — the report as an A4 PDF through cairo and PangoCairo:
 * the PDF module's writer (dsc-export-pdf-module.h, dsc-pdf-module.c).
 *
 * Laid out twice with the same code: a first pass only measures, to know the
 * page count for "Page N of M"; the second draws. Tables repeat their header
 * on every page they run onto. Object rows are one line each (long values
 * ellipsized; the CSV has them in full), which keeps 100 000 rows fast.
 *
 * A 100 000-row table is ~700 000 cells: a PangoLayout per cell or row
 * (itemizing, line breaking, a cairo call per run) was most of the time.
 * Cells of printable ASCII, nearly all of them, are shaped with pango_shape()
 * (same font, kerning and ligatures as a layout) and their glyphs drawn a
 * page at a time with one cairo call; other text goes through Pango as
 * usual.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-export-private.h"
#include "dsc-time.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 42.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define TOP 66.0
#define BOTTOM (PAGE_H - 54.0)
#define CELL_PAD 3.0
/* A single value longer than this is cut in paragraphs (the CSV keeps it). */
#define MAX_PARAGRAPH_CHARS 2000
#define MAX_CELL_CHARS 160
#define MAX_COLUMNS 8
#define MAX_CACHED_VALUES 64

typedef struct {
  const char *title;
  double width;
} PdfColumn;

typedef struct {
  const PdfColumn *columns;
  guint n_columns;
} PdfTable;

/* One cell's text as glyphs, ready to draw. */
typedef struct {
  char *source;       /* the cell's text it was made from (NULL: none yet) */
  GString *text;      /* what is shown: source, or its start and "…" */
  GArray *glyphs;     /* cairo_glyph_t; x from the cell's start, y from the baseline */
  GArray *clusters;   /* cairo_text_cluster_t: which glyphs show which bytes of text,
                       * so the PDF's text can be copied and searched */
  gboolean simple;    /* each glyph shows one character (no ligature) */
} ShapedCell;

typedef struct {
  DscExportSink *sink;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean draw;
  PangoLayout *layout;
  PangoLayout *cell;
  PangoFontDescription *font_body;
  PangoFontDescription *font_small;
  PangoFontDescription *font_cell;
  PangoFontDescription *font_cell_bold;
  PangoFontDescription *font_code;
  double row_h;
  double y;
  guint page;
  guint n_pages;
  const PdfTable *table;
  guint row_index;
  /* Per column of a one-line table: a layout with the column's width, and
   * laid-out values for columns that repeat a few values (type, role, date),
   * for cells that are not plain ASCII. */
  PangoLayout *column_layouts[MAX_COLUMNS];
  GHashTable *column_cache[MAX_COLUMNS];
  /* What every page repeats, laid out once: the table's header cells and
   * the page's header and footer (tenant, title, generation time). */
  PangoLayout *header_layouts[MAX_COLUMNS];
  PangoLayout *furniture[3];
  /* Plain ASCII cells (see the top): what the cell layout would shape them
   * with (font NULL when the font is missing a character), and each
   * column's last value, since types, roles, dates and attributes repeat
   * from row to row. */
  PangoAnalysis ascii_analysis;
  PangoShapeFlags shape_flags;
  gboolean ascii_covered[128];
  PangoGlyphString *ellipsis;   /* NULL when the font has no "…" */
  PangoGlyphString *shaped;
  double baseline;
  ShapedCell shaped_cells[MAX_COLUMNS];
  /* Glyphs of the page's ASCII cells, drawn together when the page ends. */
  ShapedCell batch;
  char *tenant;
  char *generated;
  GString *scratch;
} Pdf;

static void
status_rgb (DscStatus status, double rgb[3])
{
  switch (status)
    {
    case DSC_STATUS_OK:
      rgb[0] = 0.106; rgb[1] = 0.478; rgb[2] = 0.180;
      break;
    case DSC_STATUS_INFO:
      rgb[0] = 0.071; rgb[1] = 0.349; rgb[2] = 0.659;
      break;
    case DSC_STATUS_WARNING:
      rgb[0] = 0.604; rgb[1] = 0.357; rgb[2] = 0.0;
      break;
    case DSC_STATUS_ERROR:
      rgb[0] = 0.702; rgb[1] = 0.149; rgb[2] = 0.118;
      break;
    case DSC_STATUS_UNKNOWN:
    default:
      rgb[0] = 0.373; rgb[1] = 0.388; rgb[2] = 0.408;
      break;
    }
}

static const char *
status_hex (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK: return "#1b7a2e";
    case DSC_STATUS_INFO: return "#1259a8";
    case DSC_STATUS_WARNING: return "#9a5b00";
    case DSC_STATUS_ERROR: return "#b3261e";
    case DSC_STATUS_UNKNOWN:
    default: return "#5f6368";
    }
}

/* Escaped, cleaned text for Pango markup. */
static const char *
markup (Pdf *pdf, const char *str, gsize max_chars)
{
  g_string_truncate (pdf->scratch, 0);
  dsc_export_append_clean (pdf->scratch, str, max_chars, DSC_ESCAPE_HTML);
  return pdf->scratch->str;
}

static char *
status_markup (DscStatus status)
{
  g_autofree char *label = g_markup_escape_text (dsc_status_to_label (status), -1);

  return g_strdup_printf ("<span foreground=\"%s\" weight=\"bold\">%s</span>",
                          status_hex (status), label);
}

static void
draw_text_at (Pdf *pdf, PangoLayout *layout, double x, double y)
{
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
draw_table_header (Pdf *pdf);
static void
flush_cells (Pdf *pdf);

/* A one-line layout, cut with "…" beyond width points (-1: never). */
static PangoLayout *
new_text_layout (Pdf *pdf, const PangoFontDescription *font, double width, const char *text)
{
  PangoLayout *layout = pango_layout_new (pango_layout_get_context (pdf->cell));

  pango_layout_set_font_description (layout, font);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_width (layout, width < 0 ? -1 : (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
start_page (Pdf *pdf)
{
  pdf->page++;
  pdf->y = TOP;
  if (!pdf->draw)
    return;

  {
    cairo_t *cr = pdf->cr;
    g_autofree char *page = g_strdup_printf (_("Page %u of %u"), pdf->page, pdf->n_pages);
    int w, h;

    if (pdf->furniture[0] == NULL)
      {
        g_autofree char *generated = g_strdup_printf (_("Generated %s"), pdf->generated);

        pdf->furniture[0] = new_text_layout (pdf, pdf->font_cell_bold, CONTENT_W * 0.65,
                                             pdf->tenant);
        pdf->furniture[1] = new_text_layout (pdf, pdf->font_cell, -1,
                                             _("Directory sync report"));
        pdf->furniture[2] = new_text_layout (pdf, pdf->font_cell, -1, generated);
      }
    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
    draw_text_at (pdf, pdf->furniture[0], MARGIN_X, 30);
    pango_layout_get_size (pdf->furniture[1], &w, &h);
    draw_text_at (pdf, pdf->furniture[1], PAGE_W - MARGIN_X - (double) w / PANGO_SCALE, 30);
    draw_text_at (pdf, pdf->furniture[2], MARGIN_X, PAGE_H - 40);

    pango_layout_set_font_description (pdf->cell, pdf->font_cell);
    pango_layout_set_width (pdf->cell, -1);
    pango_layout_set_text (pdf->cell, page, -1);
    pango_layout_get_size (pdf->cell, &w, &h);
    draw_text_at (pdf, pdf->cell, PAGE_W - MARGIN_X - (double) w / PANGO_SCALE, PAGE_H - 40);

    cairo_set_line_width (cr, 0.5);
    cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
    cairo_move_to (cr, MARGIN_X, 46);
    cairo_line_to (cr, PAGE_W - MARGIN_X, 46);
    cairo_move_to (cr, MARGIN_X, PAGE_H - 44);
    cairo_line_to (cr, PAGE_W - MARGIN_X, PAGE_H - 44);
    cairo_stroke (cr);
  }
}

static void
new_page (Pdf *pdf)
{
  if (pdf->draw)
    {
      flush_cells (pdf);
      cairo_show_page (pdf->cr);
    }
  start_page (pdf);
  if (pdf->table != NULL)
    draw_table_header (pdf);
}

static void
need (Pdf *pdf, double height)
{
  if (pdf->y + height > BOTTOM && pdf->y > TOP)
    new_page (pdf);
}

/* A wrapped paragraph, broken across pages line by line. */
static void
paragraph (Pdf *pdf, const char *markup_text, const PangoFontDescription *font,
           double indent, DscStatus accent, gboolean has_accent, double space_after)
{
  PangoLayout *layout = pdf->layout;
  PangoLayoutIter *iter;
  double top_of_block = pdf->y;
  guint block_page = pdf->page;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((CONTENT_W - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup_text, -1);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (iter);
      double line_top, line_h;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_top = (double) logical.y / PANGO_SCALE;
      line_h = (double) logical.height / PANGO_SCALE;
      if (pdf->y + line_h > BOTTOM && pdf->y > TOP)
        {
          new_page (pdf);
          top_of_block = pdf->y;
          block_page = pdf->page;
        }
      if (pdf->draw)
        {
          cairo_set_source_rgb (pdf->cr, 0.11, 0.11, 0.12);
          cairo_move_to (pdf->cr, MARGIN_X + indent,
                         pdf->y + (double) baseline / PANGO_SCALE - line_top);
          pango_cairo_show_layout_line (pdf->cr, pango_layout_iter_get_line_readonly (iter));
        }
      pdf->y += line_h;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  if (pdf->draw && has_accent && block_page == pdf->page)
    {
      double rgb[3];

      status_rgb (accent, rgb);
      cairo_set_source_rgb (pdf->cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (pdf->cr, MARGIN_X + indent - 9, top_of_block, 4, pdf->y - top_of_block);
      cairo_fill (pdf->cr);
    }
  pdf->y += space_after;
}

static void
heading (Pdf *pdf, const char *markup_text, double size, double space_before)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (pdf->font_body);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pdf->y += space_before;
  /* Keep a heading with at least a couple of lines of what follows. */
  need (pdf, size * 1.4 + 40);
  paragraph (pdf, markup_text, font, 0, DSC_STATUS_OK, FALSE, 4);
}

static void
draw_table_header (Pdf *pdf)
{
  const PdfTable *table = pdf->table;
  double x = MARGIN_X;

  if (pdf->draw)
    {
      cairo_set_source_rgb (pdf->cr, 0.925, 0.933, 0.945);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, CONTENT_W, pdf->row_h);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.1);
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (pdf->header_layouts[c] == NULL)
            pdf->header_layouts[c] = new_text_layout (pdf, pdf->font_cell_bold,
                                                      table->columns[c].width - 2 * CELL_PAD,
                                                      table->columns[c].title);
          draw_text_at (pdf, pdf->header_layouts[c], x + CELL_PAD, pdf->y + 2.5);
          x += table->columns[c].width;
        }
    }
  pdf->y += pdf->row_h;
}

static void
reset_columns (Pdf *pdf)
{
  for (guint c = 0; c < MAX_COLUMNS; c++)
    {
      g_clear_object (&pdf->column_layouts[c]);
      g_clear_pointer (&pdf->column_cache[c], g_hash_table_unref);
      g_clear_object (&pdf->header_layouts[c]);
      /* The next table's columns have other widths. */
      g_clear_pointer (&pdf->shaped_cells[c].source, g_free);
    }
}

static PangoLayout *
new_cell_layout (Pdf *pdf, double width)
{
  PangoLayout *layout = pango_layout_new (pango_layout_get_context (pdf->cell));

  pango_layout_set_font_description (layout, pdf->font_cell);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_width (layout, (int) ((width - 2 * CELL_PAD) * PANGO_SCALE));
  return layout;
}

/* The layout to draw text in column c, shaped once per distinct value where
 * values repeat. */
static PangoLayout *
column_layout (Pdf *pdf, guint c, double width, const char *text)
{
  GHashTable *cache;
  PangoLayout *layout;

  g_string_truncate (pdf->scratch, 0);
  dsc_export_append_clean (pdf->scratch, text, MAX_CELL_CHARS, DSC_ESCAPE_NONE);

  if (pdf->column_cache[c] == NULL)
    pdf->column_cache[c] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  g_object_unref);
  cache = pdf->column_cache[c];
  layout = g_hash_table_lookup (cache, pdf->scratch->str);
  if (layout != NULL)
    return layout;
  if (g_hash_table_size (cache) < MAX_CACHED_VALUES)
    {
      layout = new_cell_layout (pdf, width);
      pango_layout_set_text (layout, pdf->scratch->str, -1);
      g_hash_table_insert (cache, g_strdup (pdf->scratch->str), layout);
      return layout;
    }
  if (pdf->column_layouts[c] == NULL)
    pdf->column_layouts[c] = new_cell_layout (pdf, width);
  pango_layout_set_text (pdf->column_layouts[c], pdf->scratch->str, -1);
  return pdf->column_layouts[c];
}

static void
shaped_cell_init (ShapedCell *cell)
{
  cell->source = NULL;
  cell->text = g_string_new (NULL);
  cell->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  cell->clusters = g_array_new (FALSE, FALSE, sizeof (cairo_text_cluster_t));
  cell->simple = TRUE;
}

static void
shaped_cell_clear (ShapedCell *cell)
{
  g_clear_pointer (&cell->source, g_free);
  if (cell->text != NULL)
    g_string_free (cell->text, TRUE);
  cell->text = NULL;
  g_clear_pointer (&cell->glyphs, g_array_unref);
  g_clear_pointer (&cell->clusters, g_array_unref);
}

static void
shaped_cell_truncate (ShapedCell *cell)
{
  g_string_truncate (cell->text, 0);
  g_array_set_size (cell->glyphs, 0);
  g_array_set_size (cell->clusters, 0);
  cell->simple = TRUE;
}

/* Appends glyphs [0, n_glyphs) of glyphs, which show text[0, n_bytes), at
 * x (Pango units) and returns the x after them. Left to right: the glyphs
 * of a cluster are together and clusters follow the text. */
static int
shaped_cell_append (ShapedCell *cell, const char *text, int n_bytes,
                    const PangoGlyphString *glyphs, int n_glyphs, int x)
{
  cairo_text_cluster_t *cluster = NULL;

  g_string_append_len (cell->text, text, n_bytes);
  for (int i = 0; i < n_glyphs; i++)
    {
      const PangoGlyphInfo *info = &glyphs->glyphs[i];
      cairo_glyph_t glyph = {
        info->glyph,
        (double) (x + info->geometry.x_offset) / PANGO_SCALE,
        (double) info->geometry.y_offset / PANGO_SCALE,
      };

      g_array_append_val (cell->glyphs, glyph);
      x += info->geometry.width;
      if (i == 0 || glyphs->log_clusters[i] != glyphs->log_clusters[i - 1])
        {
          cairo_text_cluster_t next_cluster = { 0, 0 };
          int start = glyphs->log_clusters[i];
          int end = n_bytes;

          for (int j = i + 1; j < n_glyphs; j++)
            if (glyphs->log_clusters[j] != start)
              {
                end = glyphs->log_clusters[j];
                break;
              }
          next_cluster.num_bytes = end - start;
          if (g_utf8_next_char (text + start) != text + end)
            cell->simple = FALSE;
          g_array_append_val (cell->clusters, next_cluster);
          cluster = &g_array_index (cell->clusters, cairo_text_cluster_t,
                                    cell->clusters->len - 1);
        }
      if (++cluster->num_glyphs > 1)
        cell->simple = FALSE;
    }
  return x;
}

/* Makes the glyphs of a cell of printable ASCII for a column with room
 * points of text, cut with "…" as PANGO_ELLIPSIZE_END would (and after
 * MAX_CELL_CHARS, as dsc_export_append_clean()). FALSE for other text, and
 * whenever the font can't show it alone: Pango lays that out. */
static gboolean
shape_ascii (Pdf *pdf, ShapedCell *cell, const char *source, double room)
{
  PangoGlyphString *shaped = pdf->shaped;
  const char *p;
  int length, limit, x, keep;
  gboolean too_long;

  if (cell->source != NULL && strcmp (cell->source, source) == 0)
    return TRUE;
  if (pdf->ascii_analysis.font == NULL)
    return FALSE;
  for (p = source; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f || !pdf->ascii_covered[(guchar) *p])
      return FALSE;
  too_long = p - source > MAX_CELL_CHARS;
  length = too_long ? MAX_CELL_CHARS : (int) (p - source);
  if (too_long && pdf->ellipsis == NULL)
    return FALSE;
  if (length == 0)
    {
      /* Nothing to draw (and Pango warns about shaping nothing). */
      g_free (cell->source);
      cell->source = g_strdup (source);
      shaped_cell_truncate (cell);
      return TRUE;
    }

  pango_shape_with_flags (source, length, source, length, &pdf->ascii_analysis, shaped,
                          pdf->shape_flags);
  for (int i = 0; i < shaped->num_glyphs; i++)
    if (shaped->glyphs[i].glyph == PANGO_GLYPH_EMPTY ||
        (shaped->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0)
      return FALSE;

  g_free (cell->source);
  cell->source = g_strdup (source);
  shaped_cell_truncate (cell);
  limit = (int) (room * PANGO_SCALE);
  if (!too_long && pango_glyph_string_get_width (shaped) <= limit)
    {
      shaped_cell_append (cell, source, length, shaped, shaped->num_glyphs, 0);
      return TRUE;
    }
  if (pdf->ellipsis == NULL)
    {
      g_clear_pointer (&cell->source, g_free);
      return FALSE;
    }

  /* Whole clusters while they and the ellipsis fit. */
  limit -= pango_glyph_string_get_width (pdf->ellipsis);
  x = 0;
  keep = 0;
  while (keep < shaped->num_glyphs)
    {
      int end = keep, w = 0;

      while (end < shaped->num_glyphs &&
             shaped->log_clusters[end] == shaped->log_clusters[keep])
        w += shaped->glyphs[end++].geometry.width;
      if (x + w > limit)
        break;
      x += w;
      keep = end;
    }
  x = shaped_cell_append (cell, source,
                          keep < shaped->num_glyphs ? shaped->log_clusters[keep] : length,
                          shaped, keep, 0);
  shaped_cell_append (cell, "…", strlen ("…"), pdf->ellipsis, pdf->ellipsis->num_glyphs, x);
  return TRUE;
}

/* Queues a shaped cell's glyphs with its top-left corner at x, y. */
static void
queue_cell (Pdf *pdf, const ShapedCell *cell, double x, double y)
{
  ShapedCell *batch = &pdf->batch;
  guint first = batch->glyphs->len;

  y += pdf->baseline;
  g_string_append_len (batch->text, cell->text->str, cell->text->len);
  g_array_append_vals (batch->glyphs, cell->glyphs->data, cell->glyphs->len);
  g_array_append_vals (batch->clusters, cell->clusters->data, cell->clusters->len);
  batch->simple = batch->simple && cell->simple;
  for (guint i = first; i < batch->glyphs->len; i++)
    {
      cairo_glyph_t *glyph = &g_array_index (batch->glyphs, cairo_glyph_t, i);

      glyph->x += x;
      glyph->y += y;
    }
}

/* Draws the queued cells: before the page ends, and when a table does. */
static void
flush_cells (Pdf *pdf)
{
  ShapedCell *batch = &pdf->batch;
  PangoCairoFont *font;

  if (batch->glyphs == NULL || batch->glyphs->len == 0)
    return;
  font = PANGO_CAIRO_FONT (pdf->ascii_analysis.font);
  cairo_set_scaled_font (pdf->cr, pango_cairo_font_get_scaled_font (font));
  cairo_set_source_rgb (pdf->cr, 0.11, 0.11, 0.12);
  /* Without clusters cairo tells PDF readers which character each glyph is
   * from the font's character map: right when every glyph shows one
   * character, and cheaper. Ligatures ("fi") need the clusters. */
  if (batch->simple)
    cairo_show_glyphs (pdf->cr, (const cairo_glyph_t *) (gpointer) batch->glyphs->data,
                       (int) batch->glyphs->len);
  else
    cairo_show_text_glyphs (pdf->cr, batch->text->str, (int) batch->text->len,
                            (const cairo_glyph_t *) (gpointer) batch->glyphs->data,
                            (int) batch->glyphs->len,
                            (const cairo_text_cluster_t *) (gpointer) batch->clusters->data,
                            (int) batch->clusters->len, 0);
  shaped_cell_truncate (batch);
}

static void
table_begin (Pdf *pdf, const PdfTable *table)
{
  g_assert (table->n_columns <= MAX_COLUMNS);
  need (pdf, 3 * pdf->row_h);
  reset_columns (pdf);
  pdf->table = table;
  pdf->row_index = 0;
  draw_table_header (pdf);
}

static void
table_end (Pdf *pdf)
{
  if (pdf->draw)
    flush_cells (pdf);
  reset_columns (pdf);
  pdf->table = NULL;
  pdf->y += 8;
}

/* One line per cell, ellipsized. status_column: index of a cell drawn as a
 * coloured status word, or -1. */
static void
table_row (Pdf *pdf, const char *const *cells, int status_column, DscStatus status)
{
  const PdfTable *table = pdf->table;
  double x = MARGIN_X;

  need (pdf, pdf->row_h);
  if (pdf->draw)
    {
      if (pdf->row_index % 2 == 1)
        {
          cairo_set_source_rgb (pdf->cr, 0.965, 0.965, 0.975);
          cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, CONTENT_W, pdf->row_h);
          cairo_fill (pdf->cr);
        }
      for (guint c = 0; c < table->n_columns; c++)
        {
          double w = table->columns[c].width;

          if ((int) c != status_column && cells[c] != NULL && c < MAX_COLUMNS &&
              shape_ascii (pdf, &pdf->shaped_cells[c], cells[c], w - 2 * CELL_PAD))
            queue_cell (pdf, &pdf->shaped_cells[c], x + CELL_PAD, pdf->y + 2.5);
          else if (cells[c] != NULL && *cells[c] != '\0' && c < MAX_COLUMNS)
            {
              PangoLayout *layout;

              if ((int) c == status_column)
                {
                  g_autofree char *m = status_markup (status);

                  layout = pdf->cell;
                  pango_layout_set_width (layout, (int) ((w - 2 * CELL_PAD) * PANGO_SCALE));
                  pango_layout_set_markup (layout, m, -1);
                }
              else
                layout = column_layout (pdf, c, w, cells[c]);
              cairo_set_source_rgb (pdf->cr, 0.11, 0.11, 0.12);
              draw_text_at (pdf, layout, x + CELL_PAD, pdf->y + 2.5);
            }
          x += w;
        }
    }
  pdf->row_index++;
  pdf->y += pdf->row_h;
}

/* A table row whose cells wrap (few rows: tiles, categories). */
static void
table_row_wrapped (Pdf *pdf, const char *const *cells, int status_column, DscStatus status)
{
  const PdfTable *table = pdf->table;
  double height = pdf->row_h;
  double x = MARGIN_X;

  pango_layout_set_font_description (pdf->layout, pdf->font_cell);
  pango_layout_set_wrap (pdf->layout, PANGO_WRAP_WORD_CHAR);
  for (guint c = 0; c < table->n_columns; c++)
    {
      int w, h;

      pango_layout_set_width (pdf->layout,
                              (int) ((table->columns[c].width - 2 * CELL_PAD) * PANGO_SCALE));
      pango_layout_set_markup (pdf->layout, markup (pdf, cells[c], 600), -1);
      pango_layout_get_size (pdf->layout, &w, &h);
      height = MAX (height, (double) h / PANGO_SCALE + 5);
    }
  need (pdf, height);
  if (pdf->draw)
    {
      if (pdf->row_index % 2 == 1)
        {
          cairo_set_source_rgb (pdf->cr, 0.965, 0.965, 0.975);
          cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, CONTENT_W, height);
          cairo_fill (pdf->cr);
        }
      for (guint c = 0; c < table->n_columns; c++)
        {
          pango_layout_set_width (pdf->layout,
                                  (int) ((table->columns[c].width - 2 * CELL_PAD) * PANGO_SCALE));
          if ((int) c == status_column)
            {
              g_autofree char *m = status_markup (status);
              pango_layout_set_markup (pdf->layout, m, -1);
            }
          else
            pango_layout_set_markup (pdf->layout, markup (pdf, cells[c], 600), -1);
          cairo_set_source_rgb (pdf->cr, 0.11, 0.11, 0.12);
          draw_text_at (pdf, pdf->layout, x + CELL_PAD, pdf->y + 2.5);
          x += table->columns[c].width;
        }
    }
  pdf->row_index++;
  pdf->y += height;
}

static const PdfColumn tile_columns[] = {
  { N_("Status"), 62 }, { N_("Check"), 120 }, { N_("Value"), 110 }, { N_("Details"), 0 },
};
static const PdfColumn category_columns[] = {
  { N_("Category"), 190 }, { N_("Status"), 62 }, { N_("Summary"), 0 },
};
static const PdfColumn object_columns[] = {
  { N_("Object"), 94 }, { N_("Type"), 40 }, { N_("UPN or mail"), 110 },
  { N_("Attribute"), 84 }, { N_("Value"), 88 }, { N_("Role"), 39 }, { N_("Since"), 0 },
};

static PdfColumn *
translate_columns (const PdfColumn *columns, guint n)
{
  PdfColumn *out = g_new (PdfColumn, n);
  double used = 0;

  for (guint i = 0; i < n; i++)
    {
      out[i].title = _(columns[i].title);
      out[i].width = columns[i].width;
      used += columns[i].width;
    }
  /* The last column takes what is left. */
  out[n - 1].width = CONTENT_W - used;
  return out;
}

static void
render_objects (Pdf *pdf, const DscFinding *finding, const PdfTable *table)
{
  table_begin (pdf, table);
  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *a = g_ptr_array_index (finding->objects, i);
      const DscDirectoryObject *o = a->object;
      char since[16] = "";
      const char *cells[7];

      if (a->since > 0)
        {
          g_autofree char *s = dsc_format_utc (a->since, "%Y-%m-%d", NULL);

          if (s != NULL)
            g_strlcpy (since, s, sizeof since);
        }
      cells[0] = o->display_name;
      cells[1] = dsc_object_kind_to_label (o->kind);
      cells[2] = o->user_principal_name != NULL ? o->user_principal_name : o->mail;
      cells[3] = a->attribute;
      cells[4] = a->value;
      cells[5] = finding->diagnosis != NULL ? dsc_affected_object_role_label (a)
                 : a->in_error ? _("In error") : _("Holder");
      cells[6] = since;
      table_row (pdf, cells, -1, DSC_STATUS_OK);
      if (i % 512 == 511 && g_cancellable_is_cancelled (pdf->sink->cancellable))
        break;
    }
  table_end (pdf);
}

static void
render_steps (Pdf *pdf, const char *const *steps)
{
  g_autofree char *title = NULL;

  if (steps == NULL || steps[0] == NULL)
    return;
  title = g_strdup_printf ("<b>%s</b>", markup (pdf, _("How to fix it"), 0));
  paragraph (pdf, title, pdf->font_body, 0, DSC_STATUS_OK, FALSE, 2);
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *prose = dsc_fix_step_dup_text (steps[i]);
      const char *command = dsc_fix_step_get_command (steps[i]);
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1,
                                               markup (pdf, prose, MAX_PARAGRAPH_CHARS));

      paragraph (pdf, line, pdf->font_body, 12, DSC_STATUS_OK, FALSE, 2);
      /* The command as code, in a monospace block under its step. */
      if (command != NULL)
        paragraph (pdf, markup (pdf, command, MAX_PARAGRAPH_CHARS), pdf->font_code, 28,
                   DSC_STATUS_OK, FALSE, 3);
    }
  pdf->y += 4;
}

static void
render (Pdf *pdf, const DscReport *report)
{
  const DscSnapshot *s = report->snapshot;
  g_autofree PdfColumn *tcols = translate_columns (tile_columns, G_N_ELEMENTS (tile_columns));
  g_autofree PdfColumn *ccols = translate_columns (category_columns,
                                                   G_N_ELEMENTS (category_columns));
  g_autofree PdfColumn *ocols = translate_columns (object_columns,
                                                   G_N_ELEMENTS (object_columns));
  PdfTable ttable = { tcols, G_N_ELEMENTS (tile_columns) };
  PdfTable ctable = { ccols, G_N_ELEMENTS (category_columns) };
  PdfTable otable = { ocols, G_N_ELEMENTS (object_columns) };
  g_autofree char *taken = dsc_export_format_time (s->taken_at);
  g_autofree char *verdict_status = status_markup (report->overall);
  g_autofree char *text = NULL;

  start_page (pdf);
  heading (pdf, markup (pdf, _("Directory sync report"), 0), 22, 0);
  text = g_strdup_printf ("<b>%s</b>", markup (pdf, pdf->tenant, 0));
  paragraph (pdf, text, pdf->font_body, 0, DSC_STATUS_OK, FALSE, 2);
  g_clear_pointer (&text, g_free);
  {
    GString *meta = g_string_new (NULL);

    g_string_append_printf (meta, "%s ", _("Tenant ID:"));
    dsc_export_append_clean (meta, s->tenant_id != NULL ? s->tenant_id : "—", 80,
                             DSC_ESCAPE_HTML);
    g_string_append_printf (meta, "\n%s %s   ·   %s %s", _("Generated:"), pdf->generated,
                            _("Data as of:"), taken);
    if (s->graph_host != NULL)
      {
        g_string_append_printf (meta, "\n%s ", _("Microsoft Graph:"));
        dsc_export_append_clean (meta, s->graph_host, 120, DSC_ESCAPE_HTML);
      }
    paragraph (pdf, meta->str, pdf->font_small, 0, DSC_STATUS_OK, FALSE, 10);
    g_string_free (meta, TRUE);
  }

  {
    g_autoptr(PangoFontDescription) font = pango_font_description_copy (pdf->font_body);
    g_autofree char *overall = g_markup_escape_text (_("Overall:"), -1);

    text = g_strdup_printf ("<b>%s</b> %s — %s", overall, verdict_status,
                            markup (pdf, report->headline, MAX_PARAGRAPH_CHARS));
    pango_font_description_set_size (font, 15 * PANGO_SCALE);
    paragraph (pdf, text, font, 10, report->overall, TRUE, 8);
    g_clear_pointer (&text, g_free);
  }

  heading (pdf, markup (pdf, _("Checks"), 0), 16, 8);
  table_begin (pdf, &ttable);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = &report->tiles[i];
      g_autofree char *details = g_strjoin ("\n", tile->summary != NULL ? tile->summary : "",
                                            tile->limited_reason, NULL);
      g_autofree char *value = dsc_export_tile_value (tile);
      const char *cells[4];

      cells[0] = "";
      cells[1] = tile->title != NULL ? tile->title : dsc_tile_to_string (i);
      cells[2] = value;
      cells[3] = g_strstrip (details);
      table_row_wrapped (pdf, cells, 0, tile->status);
    }
  table_end (pdf);

  heading (pdf, markup (pdf, _("Categories"), 0), 16, 8);
  table_begin (pdf, &ctable);
  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      g_autofree char *summary = dsc_export_category_summary (&report->categories[c]);
      const char *cells[3];

      cells[0] = dsc_category_get_state_title (c, report->categories[c].status);
      cells[1] = "";
      cells[2] = summary;
      table_row_wrapped (pdf, cells, 1, report->categories[c].status);
    }
  table_end (pdf);

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const DscCategoryReport *category = &report->categories[c];
      const DscCategoryInfo *info = dsc_category_get_info (c);
      g_autofree char *status = status_markup (category->status);

      if (category->findings->len == 0)
        continue;
      text = g_strdup_printf ("%s  %s", status, markup (pdf, dsc_category_get_state_title (c, report->categories[c].status), 0));
      heading (pdf, text, 16, 12);
      g_clear_pointer (&text, g_free);
      {
        g_autofree char *summary = dsc_export_category_summary (category);
        paragraph (pdf, markup (pdf, summary, MAX_PARAGRAPH_CHARS), pdf->font_body,
                   0, DSC_STATUS_OK, FALSE, 6);
      }
      /* The conflicts at a glance, before thousands of them one by one. */
      if (c == DSC_CATEGORY_OBJECT_ERRORS && report->conflict_summary != NULL)
        {
          g_auto(GStrv) lines = dsc_conflict_summary_dup_lines (report->conflict_summary);

          for (guint i = 0; lines[i] != NULL; i++)
            paragraph (pdf, markup (pdf, lines[i], MAX_PARAGRAPH_CHARS), pdf->font_body,
                       12, DSC_STATUS_OK, FALSE, 2);
          pdf->y += 4;
        }

      for (guint f = 0; f < category->findings->len; f++)
        {
          const DscFinding *finding = g_ptr_array_index (category->findings, f);
          g_autofree char *severity = status_markup (finding->severity);

          pdf->y += 4;
          /* Title, a few lines of detail and the start of its table together. */
          need (pdf, finding->objects->len > 0 ? 115 : 60);
          text = g_strdup_printf ("%s  <b>%s</b>", severity,
                                  markup (pdf, finding->title, MAX_PARAGRAPH_CHARS));
          paragraph (pdf, text, pdf->font_body, 0, finding->severity, TRUE, 3);
          g_clear_pointer (&text, g_free);
          if (finding->diagnosis != NULL)
            {
              text = g_strdup_printf ("<b>%s</b>",
                                      markup (pdf, finding->diagnosis->label, MAX_PARAGRAPH_CHARS));
              paragraph (pdf, text, pdf->font_body, 0, DSC_STATUS_OK, FALSE, 2);
              g_clear_pointer (&text, g_free);
            }
          if (finding->detail != NULL)
            paragraph (pdf, markup (pdf, finding->detail, MAX_PARAGRAPH_CHARS), pdf->font_body,
                       0, DSC_STATUS_OK, FALSE, 4);
          if (finding->objects->len > 0)
            render_objects (pdf, finding, &otable);
          render_steps (pdf, (const char *const *) finding->fix_steps);
          if (g_cancellable_is_cancelled (pdf->sink->cancellable))
            return;
        }
      if (category->status != DSC_STATUS_OK)
        {
          g_auto(GStrv) steps = dsc_category_dup_fix_steps (c);
          render_steps (pdf, (const char *const *) steps);
        }
      if (info != NULL && info->links != NULL && info->links[0].uri != NULL)
        {
          text = g_strdup_printf ("<b>%s</b>", markup (pdf, _("Learn more"), 0));
          paragraph (pdf, text, pdf->font_body, 0, DSC_STATUS_OK, FALSE, 2);
          g_clear_pointer (&text, g_free);
          for (const DscLink *link = info->links; link->uri != NULL; link++)
            {
              g_autofree char *label = g_markup_escape_text (dsc_link_get_label (link), -1);

              text = g_strdup_printf ("%s\n<span size=\"small\" foreground=\"#0b57d0\">%s</span>",
                                      label, markup (pdf, link->uri, 400));
              paragraph (pdf, text, pdf->font_body, 12, DSC_STATUS_OK, FALSE, 3);
              g_clear_pointer (&text, g_free);
            }
        }
    }
}

static cairo_status_t
write_to_sink (void *closure, const unsigned char *data, unsigned int length)
{
  DscExportSink *sink = closure;
  GError *error = NULL;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &error))
    {
      dsc_export_sink_set_error (sink, error);
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Takes the analysis (font, script, language) Pango gave "Ag" in a cell, to
 * shape ASCII cells with; leaves the font NULL if a layout would have used
 * more than one font. */
static void
ascii_begin (Pdf *pdf)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (pdf->cell, 0);
  PangoLayoutRun *run;
  PangoFont *font;

  pdf->shaped = pango_glyph_string_new ();
  shaped_cell_init (&pdf->batch);
  for (guint c = 0; c < MAX_COLUMNS; c++)
    shaped_cell_init (&pdf->shaped_cells[c]);
  /* Rounded to whole points as the layouts round them, by default. */
  if (pango_context_get_round_glyph_positions (pango_layout_get_context (pdf->cell)))
    pdf->shape_flags = PANGO_SHAPE_ROUND_POSITIONS;
  else
    pdf->shape_flags = PANGO_SHAPE_NONE;

  if (line == NULL || line->runs == NULL || line->runs->next != NULL)
    return;
  run = line->runs->data;
  font = run->item->analysis.font;
  if (font == NULL || !PANGO_IS_CAIRO_FONT (font))
    return;
  for (guint c = 0x20; c < 0x7f; c++)
    pdf->ascii_covered[c] = pango_font_has_char (font, c);

  pdf->ascii_analysis = run->item->analysis;
  pdf->ascii_analysis.extra_attrs = NULL;
  g_object_ref (font);
  if (pango_font_has_char (font, 0x2026))
    {
      pdf->ellipsis = pango_glyph_string_new ();
      pango_shape_with_flags ("…", strlen ("…"), "…", strlen ("…"), &pdf->ascii_analysis,
                              pdf->ellipsis, pdf->shape_flags);
    }
}

static void
ascii_end (Pdf *pdf)
{
  g_clear_object (&pdf->ascii_analysis.font);
  g_clear_pointer (&pdf->ellipsis, pango_glyph_string_free);
  g_clear_pointer (&pdf->shaped, pango_glyph_string_free);
  shaped_cell_clear (&pdf->batch);
  for (guint c = 0; c < MAX_COLUMNS; c++)
    shaped_cell_clear (&pdf->shaped_cells[c]);
}

static void
pdf_begin (Pdf *pdf, const DscReport *report, DscExportSink *sink, gboolean draw)
{
  PangoContext *context;
  cairo_font_options_t *options;
  int w, h;

  pdf->sink = sink;
  pdf->draw = draw;
  pdf->surface = cairo_pdf_surface_create_for_stream (draw ? write_to_sink : NULL,
                                                      draw ? sink : NULL, PAGE_W, PAGE_H);
  if (draw)
    {
      g_autofree char *title = g_strdup_printf ("%s — %s", _("Directory sync report"),
                                                pdf->tenant);
      g_autofree char *date = dsc_format_iso8601 (report->evaluated_at);

      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR,
                                      "DirSync Companion");
      if (date != NULL)
        cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    }
  pdf->cr = cairo_create (pdf->surface);
  pdf->layout = pango_cairo_create_layout (pdf->cr);
  pdf->cell = pango_cairo_create_layout (pdf->cr);
  /* The same metrics in both passes, whatever the screen's settings. */
  context = pango_layout_get_context (pdf->layout);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  /* PDF user units are points: 72 per inch, not the screen's 96. */
  pango_cairo_context_set_resolution (context, 72);
  pango_layout_context_changed (pdf->layout);
  pango_cairo_context_set_font_options (pango_layout_get_context (pdf->cell), options);
  pango_cairo_context_set_resolution (pango_layout_get_context (pdf->cell), 72);
  pango_layout_context_changed (pdf->cell);
  cairo_font_options_destroy (options);

  pdf->font_body = pango_font_description_from_string ("Sans 11");
  pdf->font_small = pango_font_description_from_string ("Sans 9");
  pdf->font_cell = pango_font_description_from_string ("Sans 7.5");
  pdf->font_cell_bold = pango_font_description_from_string ("Sans Bold 7.5");
  pdf->font_code = pango_font_description_from_string ("Monospace 9");
  pango_layout_set_font_description (pdf->cell, pdf->font_cell);
  pango_layout_set_ellipsize (pdf->cell, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (pdf->cell, TRUE);
  pango_layout_set_text (pdf->cell, "Ag", -1);
  pango_layout_get_size (pdf->cell, &w, &h);
  pdf->row_h = (double) h / PANGO_SCALE + 5;
  pdf->baseline = (double) pango_layout_get_baseline (pdf->cell) / PANGO_SCALE;
  ascii_begin (pdf);
  pdf->y = TOP;
  pdf->page = 0;
  pdf->table = NULL;
  pdf->row_index = 0;
}

static void
pdf_end (Pdf *pdf)
{
  cairo_status_t status;

  if (pdf->draw)
    {
      flush_cells (pdf);
      cairo_show_page (pdf->cr);
    }
  reset_columns (pdf);
  ascii_end (pdf);
  for (guint i = 0; i < G_N_ELEMENTS (pdf->furniture); i++)
    g_clear_object (&pdf->furniture[i]);
  g_clear_object (&pdf->layout);
  g_clear_object (&pdf->cell);
  cairo_destroy (pdf->cr);
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  if (pdf->draw && status != CAIRO_STATUS_SUCCESS && pdf->sink->error == NULL)
    dsc_export_sink_set_error (pdf->sink,
                               g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                            _("PDF output failed: %s"),
                                            cairo_status_to_string (status)));
  cairo_surface_destroy (pdf->surface);
  g_clear_pointer (&pdf->font_body, pango_font_description_free);
  g_clear_pointer (&pdf->font_small, pango_font_description_free);
  g_clear_pointer (&pdf->font_cell, pango_font_description_free);
  g_clear_pointer (&pdf->font_cell_bold, pango_font_description_free);
  g_clear_pointer (&pdf->font_code, pango_font_description_free);
}

gboolean
dsc_export_pdf_write (const DscReport *report, DscExportSink *sink)
{
  const DscSnapshot *s = report->snapshot;
  Pdf pdf = { 0 };
  GString *tenant = g_string_new (NULL);

  /* What is buffered goes first: cairo writes to the stream directly. */
  if (!dsc_export_sink_check (sink))
    return FALSE;
  if (sink->buf->len > 0)
    {
      GError *error = NULL;

      if (!g_output_stream_write_all (sink->out, sink->buf->str, sink->buf->len, NULL,
                                      sink->cancellable, &error))
        {
          dsc_export_sink_set_error (sink, error);
          return FALSE;
        }
      g_string_truncate (sink->buf, 0);
    }

  dsc_export_append_clean (tenant, s->tenant_name != NULL ? s->tenant_name
                           : s->initial_domain != NULL ? s->initial_domain
                           : _("Unknown tenant"), 120, DSC_ESCAPE_NONE);
  if (s->tenant_name != NULL && s->initial_domain != NULL)
    {
      g_string_append (tenant, " (");
      dsc_export_append_clean (tenant, s->initial_domain, 120, DSC_ESCAPE_NONE);
      g_string_append (tenant, ")");
    }
  pdf.tenant = g_string_free (tenant, FALSE);
  pdf.generated = dsc_export_format_time (report->evaluated_at);
  pdf.scratch = g_string_new (NULL);

  pdf_begin (&pdf, report, sink, FALSE);
  render (&pdf, report);
  pdf.n_pages = pdf.page;
  pdf_end (&pdf);

  if (!g_cancellable_is_cancelled (sink->cancellable))
    {
      pdf_begin (&pdf, report, sink, TRUE);
      render (&pdf, report);
      if (pdf.page != pdf.n_pages)
        g_warning ("PDF page count changed between passes: %u, then %u", pdf.n_pages, pdf.page);
      pdf_end (&pdf);
    }
  else
    dsc_export_sink_set_error (sink, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          _("Export cancelled")));

  g_free (pdf.tenant);
  g_free (pdf.generated);
  g_string_free (pdf.scratch, TRUE);
  return sink->error == NULL;
}
