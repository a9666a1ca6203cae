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
//   aria-required-children  versions list holds a grid and a       RecordVersionsList
//                           divider beside its items               (invenio-app-rdm)
//   label-content-name-     aria-label hides the visible text      records/macros/files.html,
//   mismatch                (file preview, account menu)           header_login.html (app-rdm)
//   label                   default-preview radio without a name   FileUploaderTable (rdm-records)
//   button-name             icon-only discard button of the PID    UnreservePIDBtn (rdm-records)
//   nested-interactive      role=button drop zone around radios    as the drop zone above
//   aria-prohibited-attr    clickable delete icon with aria-label  FileUploaderTable (rdm-records)
//                           but no role
//   link-name               creator link of a user without a name  UserListItemCompact
//                           (admin's request lists)                (react-invenio-forms)
//   aria-required-parent    role=tab items in a menu that is no    community-submission/index.html
//                           tablist (request page)                 (invenio-app-rdm)
//   aria-allowed-attr       aria-selected on the Checks tab's      invenio_checks/requests/
//                           menu items, which have no role         details.html (invenio-checks)

import { i18next } from "../i18next";

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
    // the "Upload files" button of a new draft, or the default-preview radios of a published
    // record's files table (axe-core 4.14 finds the latter on the edit form)
    const inner = zone.querySelector("button, input:not([type=file]), a[href]");
    if (zone.querySelector(":scope > input[type=file]") && inner) {
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

/**
 * invenio-app-rdm's versions list (a semantic-ui-react ``List``, role="list") holds, beside
 * its items, a ``Grid`` with the "View all N versions" link and, when the version shown is
 * not among the first five, a ``Divider``: a list may own list items only. Each such child
 * becomes a list item (the link stays a link inside it).
 *
 * Upstream: invenio-app-rdm landing_page/RecordVersionsList.js (``<List divided>`` around
 * ``<Grid>`` and ``<Divider>``; no upstream issue found). Axe-core 4.14 reports it.
 * Remove when: a landing page of a record with two versions has no
 * ``#record-versions [role=list] > :not([role=listitem])`` (check at each invenio-app-rdm
 * upgrade, v15 first).
 */
export function repairVersionsList(root) {
  root.querySelectorAll("#record-versions [role=list]").forEach((list) => {
    [...list.children]
      .filter((child) => child.getAttribute("role") !== "listitem")
      .forEach((child) => child.setAttribute("role", "listitem"));
  });
}

/**
 * An aria-label that replaces the text a sighted user reads: speech users say what they see
 * ("click flux.csv") and find nothing (WCAG 2.5.3, label in name). The name becomes the
 * visible text followed by upstream's label in brackets, so nothing upstream said is lost.
 * The file preview's trigger reads "File preview" and shows the file's name; the account
 * menu reads "My account" and shows the e-mail address.
 *
 * Upstream: invenio-app-rdm records/macros/files.html (``#files-preview-accordion-trigger``)
 * and theme/header_login.html (``#user-profile-dropdown-btn``); no upstream issue found.
 * Axe-core 4.14 reports both (label-content-name-mismatch).
 * Remove when: on a landing page with a previewable file, seen logged in at 1400 px, neither
 * ``#files-preview-accordion-trigger[aria-label]`` nor ``#user-profile-dropdown-btn[aria-label]``
 * has an aria-label that leaves out its text (check at each invenio-app-rdm upgrade).
 */
export function repairLabelInName(root) {
  root
    .querySelectorAll("#files-preview-accordion-trigger[aria-label], #user-profile-dropdown-btn[aria-label]")
    .forEach((element) => {
      const visible = element.textContent.replace(/\s+/g, " ").trim();
      const label = element.getAttribute("aria-label");
      if (!visible || label.includes(visible)) return;
      element.setAttribute("aria-label", `${visible} (${label})`);
    });
}

/**
 * The files table's "default preview" radio (semantic-ui-react ``Checkbox radio fitted``) has
 * no label at all: its cell's data-label ("Default preview", upstream's translation) and the
 * row's file name become its name.
 *
 * Upstream: invenio-rdm-records deposit FileUploaderTable (``FileTableRow``, the
 * ``Checkbox`` in ``<Table.Cell data-label=…>``); no upstream issue found. Axe-core 4.14
 * reports it (label) on a draft with files.
 * Remove when: a draft's files table has no ``td[data-label] > .ui.fitted.checkbox >
 * input`` without aria-label (check at each invenio-rdm-records upgrade).
 */
export function repairDefaultPreviewRadio(root) {
  root.querySelectorAll("td[data-label] > .ui.fitted.checkbox > input").forEach((input) => {
    if (named(input)) return;
    const cell = input.closest("td");
    const file = cell.nextElementSibling?.textContent.replace(/\s+/g, " ").trim();
    input.setAttribute("aria-label", file ? `${cell.dataset.label}: ${file}` : cell.dataset.label);
  });
}

/**
 * The PID field's discard button (semantic-ui-react ``Form.Button icon="close"``) has only
 * an icon; upstream's name for it is in a Popup that exists only while hovered. It gets a
 * name of its own (disabled on a published record, but still in the page).
 *
 * Upstream: invenio-rdm-records deposit PIDField UnreservePIDBtn; no upstream issue found.
 * Axe-core 4.14 reports it (button-name) on a published record's edit form.
 * Remove when: the edit form of a published record with a DOI has no
 * ``.field > button.icon.button:not([aria-label])`` holding only ``i.close.icon``.
 */
export function repairDiscardPIDButton(root) {
  root.querySelectorAll(".field > button.icon.button:not([aria-label])").forEach((button) => {
    if (button.textContent.trim() || !button.querySelector(":scope > i.close.icon")) return;
    button.setAttribute("aria-label", i18next.t("Discard the reserved identifier"));
  });
}

/**
 * The delete icon of a draft's file (semantic-ui-react ``Icon link`` with ``onClick``) has an
 * aria-label, which an <i> without a role may not carry, and no keyboard access. It becomes
 * the button it acts as: role, focus, Enter and Space click it (disabled while deleting).
 *
 * Upstream: invenio-rdm-records deposit FileUploaderTable (``FileTableRow``, the ``Icon``
 * ``name="trash alternate outline"``); no upstream issue found. Axe-core 4.14 reports it
 * (aria-prohibited-attr) on a draft with an unpublished file.
 * Remove when: a draft's files table has no ``i.trash.link.icon[aria-label]:not([role])``.
 */
export function repairDeleteFileIcon(root) {
  root.querySelectorAll("i.trash.link.icon[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "button");
    icon.setAttribute("tabindex", icon.classList.contains("disabled") ? "-1" : "0");
    icon.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      icon.click();
    });
  });
}

/**
 * The request page's tabs (Conversation, Record, Checks) are ``role="tab"`` links in a menu
 * without ``role="tablist"``; the Checks tab's own menu (one item per check) has plain links
 * that the page's tab script gives ``aria-selected``. Items of a Semantic UI tab menu
 * (``a.item[data-tab]``) become tabs and their menu a tablist, when every item is such a tab.
 *
 * Upstream: invenio-app-rdm requests_ui community-submission/index.html (the tab menu) and
 * invenio-checks requests/details.html (the checks' menu); no upstream issue found. Axe-core
 * 4.14 reports them (aria-required-parent, aria-allowed-attr) on a review request with checks.
 * Remove when: the request page has no ``.ui.menu:not([role=tablist]) > a.item[data-tab]``.
 */
export function repairTabMenu(root) {
  root.querySelectorAll(".ui.menu:not([role=tablist])").forEach((menu) => {
    const items = [...menu.children];
    if (!items.length || !items.every((item) => item.matches("a.item[data-tab]"))) return;
    menu.setAttribute("role", "tablist");
    if (menu.classList.contains("vertical")) menu.setAttribute("aria-orientation", "vertical");
    items.forEach((item) => {
      if (!item.hasAttribute("role")) item.setAttribute("role", "tab");
      if (!item.hasAttribute("aria-selected")) {
        item.setAttribute("aria-selected", item.classList.contains("active") ? "true" : "false");
      }
    });
  });
}

/**
 * The administration's request lists link each creator to their other requests, with the
 * creator's full name as the link's only text; a user without one (a local account that never
 * filled in a profile) gets an empty link. It is named after the user's id.
 *
 * Upstream: react-invenio-forms ``UserListItemCompact`` in invenio-app-rdm administration
 * ``RequestsSearchResultItem``; no upstream issue found. Axe-core 4.14 reports it (link-name)
 * on Administration → Quota requests with a request by such a user.
 * Remove when: the list has no empty ``a[href*="created_by.user:"]``.
 */
export function repairNamelessUserLink(root) {
  root.querySelectorAll('a[href*="created_by.user:"]').forEach((link) => {
    if (link.textContent.trim() || link.hasAttribute("aria-label")) return;
    const id = link.getAttribute("href").split("created_by.user:")[1];
    link.setAttribute("aria-label", i18next.t("Requests of user {{id}}", { id }));
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
  repairVersionsList(root);
  repairLabelInName(root);
  repairDefaultPreviewRadio(root);
  repairDiscardPIDButton(root);
  repairDeleteFileIcon(root);
  repairNamelessUserLink(root);
  repairTabMenu(root);
}
