// A small rich-text editor for booth descriptions: paragraphs, lists, links, bold and italic.
// The server sanitises whatever arrives; this module keeps the editor itself clean too
// (pasted content and re-displayed input pass through the same allow-list).

const ALLOWED = new Set(["P", "BR", "UL", "OL", "LI", "A", "STRONG", "B", "EM", "I"]);
const DROP_WITH_CONTENT = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "NOSCRIPT"]);
const SAFE_URL = /^(https?:|mailto:)/i;

export function safeHref(value) {
  const href = (value || "").trim();
  return SAFE_URL.test(href) ? href : null;
}

function cleanNode(node, doc) {
  const out = doc.createDocumentFragment();
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      out.append(doc.createTextNode(child.textContent));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const tag = child.tagName.toUpperCase();
      if (DROP_WITH_CONTENT.has(tag)) continue;
      const inner = cleanNode(child, doc);
      if (tag === "DIV") {
        const p = doc.createElement("p");
        p.append(inner);
        out.append(p);
      } else if (ALLOWED.has(tag)) {
        const name = tag === "B" ? "strong" : tag === "I" ? "em" : tag.toLowerCase();
        const el = doc.createElement(name);
        if (tag === "A") {
          const href = safeHref(child.getAttribute("href"));
          if (href) el.setAttribute("href", href);
          el.setAttribute("rel", "noopener nofollow");
        }
        el.append(inner);
        out.append(el);
      } else {
        out.append(inner); // unknown wrapper (span, font …): keep its text only
      }
    }
  }
  return out;
}

export function cleanHtml(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
  const holder = document.createElement("div");
  holder.append(cleanNode(parsed.body, document));
  return holder.innerHTML;
}

export function enhanceRichText(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  const toolbarTemplate = wrapper.querySelector("template[data-toolbar]");
  if (!textarea || !toolbarTemplate) return;
  const label = wrapper.querySelector(`label[for="${textarea.id}"]`);
  const toolbar = toolbarTemplate.content.firstElementChild.cloneNode(true);
  const editor = document.createElement("div");
  editor.className = "rich-editor rich";
  editor.contentEditable = "true";
  editor.setAttribute("role", "textbox");
  editor.setAttribute("aria-multiline", "true");
  if (label) {
    label.id = label.id || `${textarea.id}-label`;
    editor.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", () => editor.focus());
  }
  const described = textarea.getAttribute("aria-describedby");
  if (described) editor.setAttribute("aria-describedby", described);
  // Start inside a paragraph so that typed text is never left bare.
  editor.innerHTML = cleanHtml(textarea.value) || "<p><br></p>";
  textarea.hidden = true;
  textarea.insertAdjacentElement("beforebegin", toolbar);
  toolbar.insertAdjacentElement("afterend", editor);
  document.execCommand("defaultParagraphSeparator", false, "p");

  const sync = () => {
    textarea.value = editor.innerHTML;
  };
  editor.addEventListener("input", sync);
  editor.addEventListener("paste", (event) => {
    event.preventDefault();
    const data = event.clipboardData;
    const html = data.getData("text/html");
    if (html) {
      document.execCommand("insertHTML", false, cleanHtml(html));
    } else {
      document.execCommand("insertText", false, data.getData("text/plain"));
    }
    sync();
  });
  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (!button) return;
    const command = button.dataset.command;
    editor.focus();
    if (command === "createLink") {
      const answer = window.prompt(button.dataset.prompt, "https://");
      if (answer === null) return;
      const href = safeHref(answer);
      if (!href) {
        window.alert(button.dataset.invalid);
        return;
      }
      document.execCommand("createLink", false, href);
    } else {
      document.execCommand(command, false, null);
    }
    sync();
    updateState();
  });
  const updateState = () => {
    for (const button of toolbar.querySelectorAll("button[data-command]")) {
      const command = button.dataset.command;
      if (["bold", "italic", "insertUnorderedList", "insertOrderedList"].includes(command)) {
        button.setAttribute("aria-pressed", String(document.queryCommandState(command)));
      }
    }
  };
  document.addEventListener("selectionchange", () => {
    if (editor.contains(document.getSelection()?.anchorNode ?? null)) updateState();
  });
  textarea.form?.addEventListener("submit", sync);
}
