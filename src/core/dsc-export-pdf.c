/* dsc-export-pdf.c — the report as an A4 PDF through cairo and PangoCairo.
 *
 * Laid out twice with the same code: a first pass only measures, to know the
 * page count for "Page N of M"; the second draws. Tables repeat their header
 * on every page they run onto. Object rows are one line each (long values
 * ellipsized; the CSV has them in full), which keeps 100 000 rows fast.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-export-private.h"

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
  double row_h;
  double y;
  guint page;
  guint n_pages;
  const PdfTable *table;
  guint row_index;
  /* Per column of a one-line table: a layout with the column's width, and
   * laid-out values for columns that repeat a few values (type, role, date):
   * shaping is most of the cost of a 100 000-row table. */
  PangoLayout *column_layouts[MAX_COLUMNS];
  GHashTable *column_cache[MAX_COLUMNS];
  /* Drawing is the other cost: a row whose cells surely fit is drawn as one
   * tab-separated line. Advances of printable ASCII decide "surely fits". */
  PangoLayout *row_layout;
  GString *row;
  double advance[128];
  double ellipsis_advance;
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
start_page (Pdf *pdf)
{
  pdf->page++;
  pdf->y = TOP;
  if (!pdf->draw)
    return;

  {
    cairo_t *cr = pdf->cr;
    g_autofree char *page = g_strdup_printf (_("Page %u of %u"), pdf->page, pdf->n_pages);
    g_autofree char *generated = g_strdup_printf (_("Generated %s"), pdf->generated);
    int w, h;

    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
    pango_layout_set_font_description (pdf->cell, pdf->font_cell_bold);
    pango_layout_set_width (pdf->cell, (int) (CONTENT_W * 0.65 * PANGO_SCALE));
    pango_layout_set_text (pdf->cell, pdf->tenant, -1);
    draw_text_at (pdf, pdf->cell, MARGIN_X, 30);
    pango_layout_set_font_description (pdf->cell, pdf->font_cell);
    pango_layout_set_width (pdf->cell, -1);
    pango_layout_set_text (pdf->cell, _("Directory sync report"), -1);
    pango_layout_get_size (pdf->cell, &w, &h);
    draw_text_at (pdf, pdf->cell, PAGE_W - MARGIN_X - (double) w / PANGO_SCALE, 30);

    pango_layout_set_text (pdf->cell, generated, -1);
    draw_text_at (pdf, pdf->cell, MARGIN_X, PAGE_H - 40);
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
    cairo_show_page (pdf->cr);
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
      pango_layout_set_font_description (pdf->cell, pdf->font_cell_bold);
      for (guint c = 0; c < table->n_columns; c++)
        {
          pango_layout_set_width (pdf->cell,
                                  (int) ((table->columns[c].width - 2 * CELL_PAD) * PANGO_SCALE));
          pango_layout_set_text (pdf->cell, table->columns[c].title, -1);
          draw_text_at (pdf, pdf->cell, x + CELL_PAD, pdf->y + 2.5);
          x += table->columns[c].width;
        }
      pango_layout_set_font_description (pdf->cell, pdf->font_cell);
    }
  pdf->y += pdf->row_h;
}

static void
reset_columns (Pdf *pdf)
{
  g_clear_object (&pdf->row_layout);
  for (guint c = 0; c < MAX_COLUMNS; c++)
    {
      g_clear_object (&pdf->column_layouts[c]);
      g_clear_pointer (&pdf->column_cache[c], g_hash_table_unref);
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

/* Printable ASCII is fitted to the column here, cut with "…" where it is
 * too long, from the advances measured once; anything else returns FALSE
 * and is laid out (and ellipsized) by Pango on its own. The margin covers
 * what kerning and rounding might add. */
static gboolean
fit_ascii (Pdf *pdf, const char *text, double width, GString *out)
{
  double room = (width - 2 * CELL_PAD - 0.5) / 1.02;
  double sum = 0;
  const guchar *p, *cut = NULL;

  for (p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p >= 0x7f)
        return FALSE;
      sum += pdf->advance[*p];
      if (cut == NULL && sum + pdf->ellipsis_advance > room)
        cut = p;
    }
  if (sum <= room)
    g_string_append_len (out, text, (const char *) p - text);
  else
    {
      g_string_append_len (out, text, (const char *) cut - text);
      g_string_append (out, "…");
    }
  return TRUE;
}

static void
table_begin (Pdf *pdf, const PdfTable *table)
{
  PangoTabArray *tabs;
  double x = 0;

  need (pdf, 3 * pdf->row_h);
  reset_columns (pdf);
  pdf->row_layout = pango_layout_new (pango_layout_get_context (pdf->cell));
  pango_layout_set_font_description (pdf->row_layout, pdf->font_cell);
  pango_layout_set_single_paragraph_mode (pdf->row_layout, TRUE);
  tabs = pango_tab_array_new (table->n_columns, FALSE);
  for (guint c = 0; c < table->n_columns; c++)
    {
      pango_tab_array_set_tab (tabs, c, PANGO_TAB_LEFT, (int) (x * PANGO_SCALE));
      x += table->columns[c].width;
    }
  pango_layout_set_tabs (pdf->row_layout, tabs);
  pango_tab_array_free (tabs);
  pdf->table = table;
  pdf->row_index = 0;
  draw_table_header (pdf);
}

static void
table_end (Pdf *pdf)
{
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
      g_string_truncate (pdf->row, 0);
      for (guint c = 0; c < table->n_columns; c++)
        {
          double w = table->columns[c].width;

          if (c > 0)
            g_string_append_c (pdf->row, '\t');
          if ((int) c != status_column && cells[c] != NULL &&
              fit_ascii (pdf, cells[c], w, pdf->row))
            {
              x += w;
              continue;
            }
          if (cells[c] != NULL && *cells[c] != '\0' && c < MAX_COLUMNS)
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
      pango_layout_set_text (pdf->row_layout, pdf->row->str, pdf->row->len);
      cairo_set_source_rgb (pdf->cr, 0.11, 0.11, 0.12);
      draw_text_at (pdf, pdf->row_layout, MARGIN_X + CELL_PAD, pdf->y + 2.5);
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
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (a->since);
          g_autofree char *s = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;

          if (s != NULL)
            g_strlcpy (since, s, sizeof since);
        }
      cells[0] = o->display_name;
      cells[1] = dsc_object_kind_to_label (o->kind);
      cells[2] = o->user_principal_name != NULL ? o->user_principal_name : o->mail;
      cells[3] = a->attribute;
      cells[4] = a->value;
      cells[5] = a->in_error ? _("In error") : _("Holder");
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
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1,
                                               markup (pdf, steps[i], MAX_PARAGRAPH_CHARS));
      paragraph (pdf, line, pdf->font_body, 12, DSC_STATUS_OK, FALSE, 2);
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
      const char *cells[4];

      cells[0] = "";
      cells[1] = tile->title != NULL ? tile->title : dsc_tile_to_string (i);
      cells[2] = tile->value != NULL ? tile->value : "—";
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

      cells[0] = dsc_category_get_title (c);
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
      text = g_strdup_printf ("%s  %s", status, markup (pdf, dsc_category_get_title (c), 0));
      heading (pdf, text, 16, 12);
      g_clear_pointer (&text, g_free);
      {
        g_autofree char *summary = dsc_export_category_summary (category);
        paragraph (pdf, markup (pdf, summary, MAX_PARAGRAPH_CHARS), pdf->font_body,
                   0, DSC_STATUS_OK, FALSE, 6);
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
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (report->evaluated_at);
      g_autofree char *date = dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ")
                                         : NULL;

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
  pango_layout_set_font_description (pdf->cell, pdf->font_cell);
  pango_layout_set_ellipsize (pdf->cell, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (pdf->cell, TRUE);
  pango_layout_set_text (pdf->cell, "Ag", -1);
  pango_layout_get_size (pdf->cell, &w, &h);
  pdf->row_h = (double) h / PANGO_SCALE + 5;
  {
    PangoLayout *probe = pango_layout_new (pango_layout_get_context (pdf->cell));

    pango_layout_set_font_description (probe, pdf->font_cell);
    for (guint c = 0x20; c < 0x7f; c++)
      {
        char ch[2] = { (char) c, '\0' };
        PangoRectangle logical;

        pango_layout_set_text (probe, ch, 1);
        pango_layout_get_extents (probe, NULL, &logical);
        pdf->advance[c] = (double) logical.width / PANGO_SCALE;
      }
    {
      PangoRectangle logical;

      pango_layout_set_text (probe, "…", -1);
      pango_layout_get_extents (probe, NULL, &logical);
      pdf->ellipsis_advance = (double) logical.width / PANGO_SCALE;
    }
    g_object_unref (probe);
  }
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
    cairo_show_page (pdf->cr);
  reset_columns (pdf);
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
  pdf.row = g_string_new (NULL);

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
  g_string_free (pdf.row, TRUE);
  return sink->error == NULL;
}
