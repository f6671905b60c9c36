// Building DOM nodes without HTML strings: every text the API sends becomes a text node, so
// nothing a recipe name, a log line or a console tail holds is ever parsed as markup.

/**
 * Creates an element. Attributes named on* with a function become event listeners, `class` sets
 * the class name, `dataset` copies data-* attributes; null, undefined and false are left out.
 * Children may be nodes, strings, numbers or (nested) arrays; null and false are skipped.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) {
        if (data !== null && data !== undefined) {
          element.dataset[key] = String(data);
        }
      }
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  appendChildren(element, children);
  return element;
}

/** Appends children as h() takes them: nodes as they are, everything else as text. */
export function appendChildren(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return appendChildren(parent, children);
}
