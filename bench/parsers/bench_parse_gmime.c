/* bench_parse_gmime.c: GMime 3 over a list of letters, for run_parse_bench.sh.
 *
 * The method of shared/reference/speed-anchors.md: read each file into memory, parse it
 * from a memory stream, walk every part; text parts through g_mime_text_part_get_text
 * (transfer decoding and charset conversion), other leaves decoded into a memory stream.
 * Prints one line in the format of bench_parse_obrd.
 *
 * usage: bench_parse_gmime LIST_FILE */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct Totals {
    size_t text_bytes, attachment_bytes, parts;
};

static void visit(GMimeObject* parent, GMimeObject* part, gpointer data) {
    (void)parent;
    struct Totals* t = data;
    if (!GMIME_IS_PART(part)) return;
    t->parts++;
    if (GMIME_IS_TEXT_PART(part)) {
        char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        if (text) {
            t->text_bytes += strlen(text);
            g_free(text);
        }
        return;
    }
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
    if (!content) return;
    GMimeStream* sink = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, sink);
    t->attachment_bytes += (size_t)g_mime_stream_length(sink);
    g_object_unref(sink);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: bench_parse_gmime LIST_FILE\n");
        return 64;
    }
    g_mime_init();
    FILE* list = fopen(argv[1], "r");
    if (!list) return 1;
    char path[4096];
    size_t letters = 0, bytes = 0;
    struct Totals totals = {0, 0, 0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = 0;
        if (!path[0]) continue;
        letters++;
        gchar* raw = NULL;
        gsize length = 0;
        if (!g_file_get_contents(path, &raw, &length, NULL)) continue;
        bytes += length;
        GMimeStream* stream = g_mime_stream_mem_new_with_buffer(raw, length);
        g_free(raw);
        GMimeParser* parser = g_mime_parser_new_with_stream(stream);
        GMimeMessage* message = g_mime_parser_construct_message(parser, NULL);
        if (message) {
            g_mime_message_foreach(message, visit, &totals);
            g_object_unref(message);
        }
        g_object_unref(parser);
        g_object_unref(stream);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fclose(list);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("impl=gmime letters=%zu bytes=%zu seconds=%.6f text_bytes=%zu attachment_bytes=%zu parts=%zu maxrss_kb=%ld\n",
           letters, bytes, seconds, totals.text_bytes, totals.attachment_bytes, totals.parts, usage.ru_maxrss);
    g_mime_shutdown();
    return 0;
}
