// Progressive enhancement only: every form works without this file. It pre-fills the time zone,
// suggests topics for the word being typed, and shows a live sample of today's issue.
(() => {
  const timezone = document.getElementById('timezone');
  if (timezone && timezone.dataset.prefillTimezone === 'yes') {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) timezone.value = zone;
  }

  const topics = document.getElementById('topics');
  if (!topics) return;

  const debounce = (fn, ms) => {
    let timer;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  };

  // The datalist completes the whole field, so each suggestion repeats the topics already typed.
  const datalist = document.getElementById('topic-suggestions');
  const suggest = debounce(async () => {
    const parts = topics.value.split(',');
    const last = (parts.pop() || '').trim();
    if (!datalist || last.length < 2) return;
    const response = await fetch(`/api/topics?q=${encodeURIComponent(last)}`);
    if (!response.ok) return;
    const { suggestions } = await response.json();
    const head = parts.map((p) => p.trim()).filter(Boolean);
    datalist.replaceChildren(
      ...suggestions.map((s) => {
        const option = document.createElement('option');
        option.value = [...head, s].join(', ');
        return option;
      }),
    );
  }, 150);

  const sample = document.getElementById('sample');
  const heading = document.getElementById('sample-heading');
  const list = document.getElementById('sample-list');
  const status = document.getElementById('sample-status');
  // The sign-up form's "asked about these topics" field (see the sign-up route).
  const asTyped = topics.form?.elements.namedItem('asTyped');
  // What the server rendered (the sign-up page's sample for its example topics), shown again when
  // the field is emptied.
  const initial = sample && {
    hidden: sample.hidden,
    heading: heading?.textContent ?? '',
    status: status?.textContent ?? '',
    items: list ? [...list.children].map((item) => item.cloneNode(true)) : [],
  };
  const line = (className, text) => {
    const div = document.createElement('div');
    div.className = className;
    div.textContent = text;
    return div;
  };
  const showSample = debounce(async () => {
    if (!sample || !list || !status || !initial) return;
    const value = topics.value.trim();
    if (value === '') {
      sample.hidden = initial.hidden;
      if (heading) heading.textContent = initial.heading;
      status.textContent = initial.status;
      list.replaceChildren(...initial.items.map((item) => item.cloneNode(true)));
      return;
    }
    const response = await fetch(`/api/sample?topics=${encodeURIComponent(value)}`);
    const data = await response.json();
    sample.hidden = false;
    if (heading) heading.textContent = "Today's issue for these topics";
    if (!response.ok) {
      status.textContent = data.error;
      list.replaceChildren();
      return;
    }
    // A word that looks mistyped is matched as typed; the reader decides.
    const didYouMean = (data.didYouMean ?? []).map((s) => `“${s.suggestion}” for “${s.typed}”`).join(', ');
    // The sign-up form asks about such a word once: here it has been asked, for these very topics.
    if (asTyped && topics.value.trim() === value) asTyped.value = '1';
    status.textContent =
      (didYouMean === '' ? '' : `Did you mean ${didYouMean}? `) +
      (data.date === null
        ? 'No papers have been collected yet.'
        : data.papers.length === 0
          ? `No paper of ${data.dateLabel} matches these topics yet. Try broader or more topics.`
          : `From the papers of ${data.dateLabel}:`);
    list.replaceChildren(
      ...data.papers.map((paper) => {
        const item = document.createElement('li');
        const title = document.createElement(paper.url ? 'a' : 'span');
        title.textContent = paper.title;
        if (paper.url) title.href = paper.url;
        item.append(title);
        if (paper.authors) item.append(line('hint', paper.authors));
        if (paper.why) item.append(line('why', `Why: ${paper.why}`));
        return item;
      }),
    );
  }, 400);

  topics.addEventListener('input', () => {
    if (asTyped) asTyped.value = '';
    suggest();
    showSample();
  });
  // A form shown again (after an error, or the preferences page) has topics: sample them at once.
  if (topics.value.trim() !== '') showSample();
})();
