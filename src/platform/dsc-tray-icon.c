/* dsc-tray-icon.c — the pixels of the notification-area icon, shared by both platforms.
 *
 * The app icon with a round status badge in the lower right corner. The badge's glyph (check,
 * exclamation mark, cross, question mark) tells the status as well as its colour, so the icon
 * stays readable for colour-blind admins and on monochrome-ish taskbars. Glyphs are drawn as
 * paths, not text: no font lookup, identical on Windows and Linux.
 */
#include "config.h"

#include <math.h>
#include <cairo.h>

#include "dsc-platform.h"
#include "dsc-platform-resources.h"

#define DSC_TRAY_ICON_PREFIX "/io/github/DirSyncCompanion/tray/"

static const int icon_sizes[] = { 16, 24, 32, 48, 64, 128, 256 };

typedef struct {
  GInputStream *stream;
} PngReader;

static cairo_status_t
read_png_chunk (void          *closure,
                unsigned char *data,
                unsigned int   length)
{
  PngReader *reader = closure;
  gsize n_read = 0;

  if (!g_input_stream_read_all (reader->stream, data, length, &n_read, NULL, NULL)
      || n_read != length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* The smallest bundled app icon at least size pixels wide (downscaling looks better than
 * upscaling), or NULL when the resource is missing or unreadable. */
static cairo_surface_t *
load_app_icon (int size)
{
  int pick = icon_sizes[G_N_ELEMENTS (icon_sizes) - 1];
  g_autofree char *path = NULL;
  g_autoptr(GInputStream) stream = NULL;
  PngReader reader;
  cairo_surface_t *surface;

  for (guint i = 0; i < G_N_ELEMENTS (icon_sizes); i++)
    if (icon_sizes[i] >= size)
      {
        pick = icon_sizes[i];
        break;
      }
  path = g_strdup_printf (DSC_TRAY_ICON_PREFIX "%d.png", pick);
  /* The resource itself, not the global registry: a static link may drop the object
   * whose constructor registers it (seen with mingw-w64 test executables). */
  stream = g_resource_open_stream (dsc_platform_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   NULL);
  if (stream == NULL)
    return NULL;
  reader.stream = stream;
  surface = cairo_image_surface_create_from_png_stream (read_png_chunk, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static void
badge_colour (DscStatus  status,
              double    *r,
              double    *g,
              double    *b)
{
  /* GNOME palette: green 5, yellow 5, red 3, dark 1 — legible on light and dark taskbars. */
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO:
      *r = 0x26 / 255.0, *g = 0xa2 / 255.0, *b = 0x69 / 255.0;
      break;
    case DSC_STATUS_WARNING:
      *r = 0xe5 / 255.0, *g = 0xa5 / 255.0, *b = 0x0a / 255.0;
      break;
    case DSC_STATUS_ERROR:
      *r = 0xc0 / 255.0, *g = 0x1c / 255.0, *b = 0x28 / 255.0;
      break;
    case DSC_STATUS_UNKNOWN:
    default:
      *r = 0x5e / 255.0, *g = 0x5c / 255.0, *b = 0x64 / 255.0;
      break;
    }
}

/* The glyph in a unit badge centred on (0, 0) with radius 1. */
static void
draw_glyph (cairo_t   *cr,
            DscStatus  status)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 0.34);

  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO:
      cairo_move_to (cr, -0.48, 0.02);
      cairo_line_to (cr, -0.14, 0.38);
      cairo_line_to (cr, 0.50, -0.36);
      cairo_stroke (cr);
      break;
    case DSC_STATUS_WARNING:
      cairo_move_to (cr, 0, -0.52);
      cairo_line_to (cr, 0, 0.10);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.50, 0.19, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case DSC_STATUS_ERROR:
      cairo_move_to (cr, -0.38, -0.38);
      cairo_line_to (cr, 0.38, 0.38);
      cairo_move_to (cr, 0.38, -0.38);
      cairo_line_to (cr, -0.38, 0.38);
      cairo_stroke (cr);
      break;
    case DSC_STATUS_UNKNOWN:
    default:
      cairo_set_line_width (cr, 0.28);
      cairo_arc (cr, 0, -0.22, 0.30, G_PI, 2.25 * G_PI);
      cairo_line_to (cr, 0, 0.16);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.52, 0.16, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    }
}

guint32 *
dsc_tray_icon_render (DscStatus status,
                      int       size)
{
  cairo_surface_t *surface;
  cairo_surface_t *app_icon;
  cairo_t *cr;
  guint32 *pixels;
  const guint8 *data;
  int stride;
  double radius, cx, cy, r, g, b;

  g_return_val_if_fail (size >= 16 && size <= 256, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);

  app_icon = load_app_icon (size);
  if (app_icon != NULL)
    {
      double scale = (double) size / cairo_image_surface_get_width (app_icon);

      cairo_save (cr);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, app_icon, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (app_icon);
    }

  /* A bigger share of a small icon: at 16 px the glyph must still be a few pixels wide. */
  radius = size * (size <= 24 ? 0.32 : 0.27);
  cx = size - radius - size * 0.01;
  cy = size - radius - size * 0.01;

  /* A light ring separates the badge from the app icon and from dark taskbars. */
  cairo_arc (cr, cx, cy, radius + MAX (1.0, size / 24.0), 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  badge_colour (status, &r, &g, &b);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, radius, radius);
  cairo_set_source_rgb (cr, 1, 1, 1);
  draw_glyph (cr, status);
  cairo_restore (cr);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo keeps premultiplied native-endian ARGB; both tray protocols want straight alpha. */
  pixels = g_new (guint32, (gsize) size * size);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < size; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < size; x++)
        {
          guint32 p = row[x];
          guint32 a = p >> 24;
          guint32 pr = (p >> 16) & 0xff, pg = (p >> 8) & 0xff, pb = p & 0xff;

          if (a != 0 && a != 255)
            {
              pr = MIN (255u, (pr * 255 + a / 2) / a);
              pg = MIN (255u, (pg * 255 + a / 2) / a);
              pb = MIN (255u, (pb * 255 + a / 2) / a);
            }
          pixels[(gsize) y * size + x] = (a << 24) | (pr << 16) | (pg << 8) | pb;
        }
    }
  cairo_surface_destroy (surface);
  return pixels;
}
