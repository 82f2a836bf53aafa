import beautify from 'js-beautify';

/**
 * The HTML of an email, one element per line, for snapshot files: the sent HTML is minified (one
 * line of ~50 KB), so a changed paragraph would show as a changed file instead of a changed line.
 * Formatting happens only here, in the test; what is sent stays minified.
 */
export function formatHtml(html: string): string {
  return beautify.html(html, {
    indent_size: 2,
    wrap_line_length: 0,
    preserve_newlines: false,
    end_with_newline: true,
  });
}
