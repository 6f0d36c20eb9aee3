/* tz-gtk-compat.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every branch on the GTK version lives in tz-gtk-compat.c: GTK 4.8
 * (Debian 12) has GtkFileChooserNative, 4.10 and later GtkFileDialog. */

typedef enum
{
  TZ_CHOOSE_FILES,   /* one or more report files */
  TZ_CHOOSE_FOLDERS, /* one or more folders of reports */
} TzChooseKind;

void        tz_gtk_choose_open_async   (GtkWindow            *parent,
                                        TzChooseKind          kind,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray  *tz_gtk_choose_open_finish  (GAsyncResult         *result,
                                        GError              **error);
void        tz_gtk_choose_save_async   (GtkWindow            *parent,
                                        const char           *title,
                                        const char           *initial_name,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GFile      *tz_gtk_choose_save_finish  (GAsyncResult         *result,
                                        GError              **error);
void        tz_gtk_choose_chart_file_async  (GtkWindow            *parent,
                                             const char           *title,
                                             const char           *initial_name,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GFile      *tz_gtk_choose_chart_file_finish (GAsyncResult         *result,
                                             GError              **error);
void        tz_gtk_widget_get_color    (GtkWidget            *widget,
                                        GdkRGBA              *color);
gboolean    tz_gtk_widget_lookup_color (GtkWidget            *widget,
                                        const char           *name,
                                        GdkRGBA              *color);

G_END_DECLS
