/* A bare WebKitGTK window showing a static page: what the app's memory is compared with
 * (`app_rss_over_webview_mb` in `cargo xtask bench`). The window, the size and the webview
 * settings are the app's own (src-tauri/src/lib.rs, lean_webview): 1200×780, no GPU
 * compositing, no page cache, the document-viewer cache model; the bench gives it the same
 * environment as the app sets for itself. Prints "loaded" once the page is shown.
 *
 * Built by the bench with: cc bare-webview.c $(pkg-config --cflags --libs webkit2gtk-4.1) */
#include <stdio.h>
#include <webkit2/webkit2.h>

static const char PAGE[] =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>eConnect Admin</title></head>"
    "<body style=\"font-family: system-ui; margin: 2rem\"><h1>eConnect Admin</h1>"
    "<p>A static page in a bare WebKitGTK window.</p></body></html>";

static void on_load_changed(WebKitWebView *view, WebKitLoadEvent event, gpointer data) {
  (void)view;
  (void)data;
  if (event == WEBKIT_LOAD_FINISHED) {
    puts("loaded");
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(window), 1200, 780);
  WebKitWebView *view = WEBKIT_WEB_VIEW(webkit_web_view_new());
  WebKitSettings *settings = webkit_web_view_get_settings(view);
  webkit_settings_set_hardware_acceleration_policy(settings, WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
  webkit_settings_set_enable_page_cache(settings, FALSE);
  webkit_web_context_set_cache_model(webkit_web_view_get_context(view), WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  gtk_container_add(GTK_CONTAINER(window), GTK_WIDGET(view));
  g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), NULL);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  webkit_web_view_load_html(view, PAGE, NULL);
  gtk_widget_show_all(window);
  gtk_main();
  return 0;
}
