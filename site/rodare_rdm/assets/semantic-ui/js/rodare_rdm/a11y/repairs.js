// Repairs of known ARIA defects in upstream widgets that no override of ours reaches
// (docs/theme.md, "Accessibility of upstream widgets"). Each function fixes one defect, names
// the upstream code that causes it, and only adds what is missing: the widgets keep their
// behaviour, and what React renders later is repaired by the observer in ./index.js.
//
// Each function's comment ends with "Upstream:" (the package and component at fault, as
// built here: invenio-app-rdm 14.0.5, invenio-rdm-records 32.3.2, semantic-ui-react 2.1.5,
// react-dropzone 11.7.1; the upstream issue where there is one) and "Remove when:". A repair
// upstream has made unnecessary finds nothing and does nothing. To know whether one can go
// after an upgrade (v15 first), block the rodare-a11y script (DevTools, request blocking)
// and run the selector its "Remove when" names in the console on the page it names: no
// match, no defect. Then drop the function, its call in repairAll and its row in
// docs/theme.md; tests/e2e/test_theme.py (axe, no serious or critical finding on those
// pages) says whether they are still clean.
//
//   axe rule                defect                                 upstream
//   aria-required-children  listbox root also holds the value      semantic-ui-react Dropdown
//   aria-required-parent    value node role=alert / role=option    semantic-ui-react DropdownText,
//                                                                  RelatedWorksField (rdm-records)
//   label                   search <input> without a name          semantic-ui-react Dropdown
//   aria-input-field-name   Dropdown without a name                semantic-ui-react Dropdown
//   label                   <input> not tied to its <label>        semantic-ui-react Checkbox
//   nested-interactive      role=button drop zone around a button  react-dropzone getRootProps,
//                                                                  FileUploaderArea (rdm-records)
//   definition-list         <dl> directly inside a <dl>            records/details/details.html
//                                                                  (invenio-app-rdm)

let lastId = 0;

/** The element's id, given one first if it has none (for aria-labelledby). */
const idOf = (element) => {
  if (!element.id) {
    lastId += 1;
    element.id = `rodare-a11y-${lastId}`;
  }
  return element.id;
};

/** Whether a form control already has an accessible name. */
const named = (element) =>
  element.hasAttribute("aria-label") ||
  element.hasAttribute("aria-labelledby") ||
  (element.labels && element.labels.length > 0);

/** The visible label of a Dropdown inside a form field (react-invenio-forms' FieldLabel). */
const fieldLabel = (dropdown) => {
  const field = dropdown.closest(".field");
  if (!field) return null;
  const name = dropdown.getAttribute("name");
  const labels = [...field.querySelectorAll("label")].filter(
    (label) => label.closest(".field") === field && label.textContent.trim()
  );
  return (
    labels.find((label) => name && label.getAttribute("for") === name) ||
    labels.find((label) => !label.querySelector("label")) ||
    null
  );
};

/** Give ``element`` the name of the Dropdown it belongs to: its field's visible label,
 * else the Dropdown's own aria-label. */
const nameAfterDropdown = (element, dropdown) => {
  const label = fieldLabel(dropdown);
  if (label) {
    element.setAttribute("aria-labelledby", idOf(label));
  } else if (dropdown.getAttribute("aria-label")) {
    element.setAttribute("aria-label", dropdown.getAttribute("aria-label"));
  } else if (dropdown.getAttribute("aria-labelledby")) {
    element.setAttribute("aria-labelledby", dropdown.getAttribute("aria-labelledby"));
  }
};

/**
 * semantic-ui-react's Dropdown (without ``search``) is role="listbox" itself, and holds both
 * its options and the node showing the chosen value: a listbox may own options only. It
 * becomes what ARIA 1.2 calls a select-only combobox, which semantic-ui-react's own search
 * Dropdown already is: the focusable root is role="combobox" (aria-expanded as before,
 * aria-controls its menu), the menu is the role="listbox" of the options. Keys, clicks and
 * the options' aria-selected work as before.
 *
 * Upstream: semantic-ui-react Dropdown (its getDropdownAriaOptions gives the root
 * role="listbox" unless ``search``; since Semantic-UI-React PR #1006, 2016; no open issue).
 * Remove when: a non-search Dropdown (search page's sort menu) renders no
 * ``.ui.dropdown[role=listbox]``, e.g. after invenio-app-rdm moves off semantic-ui-react 2.x.
 */
export function repairDropdownRole(root) {
  root.querySelectorAll(".ui.dropdown[role=listbox], .ui.dropdown[role=combobox]").forEach(
    (dropdown) => {
      const menu = dropdown.querySelector(":scope > .menu");
      if (!menu) return;
      if (dropdown.getAttribute("role") === "listbox") {
        dropdown.setAttribute("role", "combobox");
        menu.setAttribute("role", "listbox");
        if (dropdown.hasAttribute("aria-multiselectable")) {
          menu.setAttribute("aria-multiselectable", dropdown.getAttribute("aria-multiselectable"));
          dropdown.removeAttribute("aria-multiselectable");
        }
      }
      if (!dropdown.hasAttribute("aria-controls")) {
        dropdown.setAttribute("aria-controls", idOf(menu));
      }
    }
  );
}

/**
 * semantic-ui-react's DropdownText renders the shown value as role="alert" (and
 * invenio-rdm-records' RelatedWorksField passes its placeholder as role="option") inside the
 * Dropdown's combobox: an alert is no part of a combobox, an option belongs in a listbox.
 * The role goes; the node's explicit aria-live="polite" stays, so screen readers still hear
 * the value change as before (an explicit aria-live wins over the one role="alert" implies).
 *
 * Upstream: semantic-ui-react DropdownText (role="alert" since Semantic-UI-React PR #1836;
 * issue #3022, open: screen readers also announce every Dropdown's value on load) and
 * invenio-rdm-records RelatedWorksField (``role: "option"`` in its placeholder props).
 * Remove when: no ``.ui.dropdown > .divider.text[role=alert]`` on the search page and no
 * ``[role=option]`` one in the deposit form's related works.
 */
export function repairDropdownText(root) {
  root.querySelectorAll(".ui.dropdown > .divider.text[role]").forEach((text) => {
    if (["alert", "option"].includes(text.getAttribute("role"))) {
      text.removeAttribute("role");
    }
  });
}

/**
 * semantic-ui-react's DropdownSearchInput (the <input> that has the focus in a search
 * Dropdown) gets no label: react-invenio-forms' SelectField ties its <label for> to the
 * field name, which no element has as id. The input gets the field's visible label
 * (aria-labelledby), or the Dropdown's aria-label where there is no visible one.
 *
 * Upstream: semantic-ui-react DropdownSearchInput (Semantic-UI-React issue #3160, closed
 * "wontfix": a Dropdown has no labelable input of its own) and react-invenio-forms
 * SelectField (``<label htmlFor={fieldPath}>``).
 * Remove when: the deposit form's resource type search input is named without us (its
 * ``.ui.dropdown > input.search`` has an aria-label, aria-labelledby or a label for its id).
 */
export function repairDropdownSearchInput(root) {
  root.querySelectorAll(".ui.dropdown > input.search").forEach((input) => {
    if (!named(input)) nameAfterDropdown(input, input.parentElement);
  });
}

/**
 * A semantic-ui-react Dropdown gets a name only from an aria-label its user passes, which
 * the landing page's "Manage" menu (administrators) and some form fields do not. One in a
 * form field is named by the field's label; a button Dropdown by its own caption.
 *
 * Upstream: semantic-ui-react Dropdown (no name unless given; Semantic-UI-React PR #4299,
 * closed unmerged) as used by invenio-app-rdm landing_page/ManageButton.js.
 * Remove when: invenio-app-rdm's ManageButton passes an aria-label and no deposit form
 * Dropdown lacks a name (check the landing page as administrator and the deposit form).
 */
export function repairDropdownName(root) {
  root.querySelectorAll(".ui.dropdown[role=combobox]").forEach((dropdown) => {
    if (named(dropdown)) return;
    const caption = dropdown.querySelector(":scope > .divider.text");
    if (fieldLabel(dropdown)) {
      nameAfterDropdown(dropdown, dropdown);
    } else if (dropdown.classList.contains("button") && caption?.textContent.trim()) {
      dropdown.setAttribute("aria-labelledby", idOf(caption));
    }
  });
}

/**
 * semantic-ui-react's Checkbox renders its <label> beside the (visually hidden) <input>, and
 * ties them together (for/id) only when given an id, which the deposit form's "Metadata-only
 * record" and other upstream checkboxes are not. The input gets aria-labelledby the label;
 * a click on the label still goes to the Checkbox as before (no for/id is added).
 *
 * Upstream: semantic-ui-react Checkbox (Semantic-UI-React issue #2274, closed with "pass an
 * id"), as invenio-rdm-records' metadata-only checkbox and react-searchkit's date facet
 * options use it without one.
 * Remove when: ``.ui.checkbox > input`` without a name is gone from the deposit form and
 * the search page's date facet.
 */
export function repairCheckbox(root) {
  root.querySelectorAll(".ui.checkbox > input").forEach((input) => {
    const label = input.parentElement.querySelector(":scope > label");
    if (!named(input) && label?.textContent.trim()) {
      input.setAttribute("aria-labelledby", idOf(label));
    }
  });
}

/**
 * react-dropzone's getRootProps gives the drop zone role="button" even when clicks and keys
 * are switched off (noClick, noKeyboard), as in invenio-rdm-records' FileUploaderArea: the
 * zone is then a "button" that does nothing and that hides the real "Upload files" button
 * inside it from screen readers. The role goes; dropping files still works, and the inner
 * button stays the way in for keyboards and screen readers.
 *
 * Upstream: react-dropzone getRootProps (issue #1152, fixed by react-dropzone PR #1182,
 * May 2022: the root's role became "presentation"; invenio-rdm-records 32.x still asks for
 * react-dropzone ^11, here 11.7.1) in invenio-rdm-records FileUploaderArea.
 * Remove when: invenio-rdm-records depends on a react-dropzone with that fix (the deposit
 * form's drop zone, ``[role=button]`` around ``input[type=file]``, is gone).
 */
export function repairDropZone(root) {
  root.querySelectorAll("[role=button]:not([tabindex])").forEach((zone) => {
    if (zone.querySelector(":scope > input[type=file]") && zone.querySelector("button")) {
      zone.removeAttribute("role");
    }
  });
}

/**
 * invenio-app-rdm's records/details/details.html wraps the custom fields section in a <dl>,
 * but the macro it calls (show_section_custom_fields) writes its own <dl> (or a grid of
 * them): a <dl> may hold only dt/dd groups. The outer one becomes a <div>, same class. Only
 * there: that section is server-rendered, so no React component holds the replaced node.
 * (``[id=…]``: upstream gives every custom fields section that same id.)
 *
 * Upstream: invenio-app-rdm records/details/details.html (``<dl class="details-list">``
 * around ``show_section_custom_fields``; no upstream issue found).
 * Remove when: a landing page with HZDR fields has no ``#custom-fields-panel > dl`` holding
 * a ``dl`` or ``.grid`` (check at each invenio-app-rdm upgrade, v15 first).
 */
export function repairNestedDefinitionList(root) {
  root.querySelectorAll("[id=custom-fields-panel] > dl").forEach((list) => {
    if (![...list.children].some((child) => child.matches("dl, .grid"))) return;
    const div = document.createElement("div");
    [...list.attributes].forEach((attribute) => div.setAttribute(attribute.name, attribute.value));
    div.append(...list.childNodes);
    list.replaceWith(div);
  });
}

/** Every repair, over ``root`` (a document or an element). */
export function repairAll(root) {
  repairDropdownRole(root);
  repairDropdownText(root);
  repairDropdownSearchInput(root);
  repairDropdownName(root);
  repairCheckbox(root);
  repairDropZone(root);
  repairNestedDefinitionList(root);
}
