/* The floor for cot lint: read each file and pull every libyaml event, nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	unsigned long events = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		yaml_parser_t p;
		yaml_event_t ev;
		int done = 0;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		yaml_parser_initialize(&p);
		yaml_parser_set_input_file(&p, f);
		while (!done) {
			if (!yaml_parser_parse(&p, &ev)) {
				bad++;
				break;
			}
			done = ev.type == YAML_STREAM_END_EVENT;
			events++;
			yaml_event_delete(&ev);
		}
		yaml_parser_delete(&p);
		fclose(f);
	}
	fprintf(stderr, "%lu events, %d files with errors\n", events, bad);
	return bad != 0;
}
