/* Names for the admin widgets that Django 5.2 and its select2 draw without one (WCAG 2.1,
   4.1.2; axe-core's «aria-input-field-name», «label», «list» and «aria-prohibited-attr»).
   They are drawn by script, after the page loads and whenever a row is added, so they are
   fixed as they appear:
   - a single-choice autocomplete (select2) is named by its field's label and its chosen value;
     its value box stops posing as a read-only text box that has no name;
   - a multiple-choice autocomplete's search box is named by the field's label, and its «clear
     all» cross moves out of the list of chosen values (a list holds only items);
   - the filter icons of the two-column selector carry their help as an image's name (a name
     on a plain span is not read). */
(function () {
  "use strict";

  function fieldLabel(select) {
    if (!select || !select.id) {
      return null;
    }
    return document.querySelector('label[for="' + select.id + '"]');
  }

  function labelId(label) {
    if (!label.id) {
      label.id = label.htmlFor + "-etiqueta";
    }
    return label.id;
  }

  function setAttribute(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function nameSingle(selection, label) {
    var rendered = selection.querySelector(".select2-selection__rendered");
    var ids = labelId(label) + (rendered && rendered.id ? " " + rendered.id : "");
    setAttribute(selection, "aria-labelledby", ids);
    if (rendered) {
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    }
  }

  function nameMultiple(selection, label) {
    setAttribute(selection, "aria-labelledby", labelId(label));
    var search = selection.querySelector(".select2-search__field");
    if (search) {
      setAttribute(search, "aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
    var clear = selection.querySelector("ul > .select2-selection__clear");
    if (clear) {
      selection.insertBefore(clear, selection.firstChild);
    }
  }

  function nameAutocomplete(container) {
    var select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") {
      return; // the open dropdown, which select2 appends to the page's end
    }
    var label = fieldLabel(select);
    if (!label) {
      return;
    }
    var single = container.querySelector(".select2-selection--single");
    if (single) {
      nameSingle(single, label);
    }
    var multiple = container.querySelector(".select2-selection--multiple");
    if (multiple) {
      nameMultiple(multiple, label);
    }
  }

  function fixAll() {
    document.querySelectorAll(".select2-container").forEach(nameAutocomplete);
    document.querySelectorAll(".selector .search-label-icon[aria-label]").forEach(function (icon) {
      setAttribute(icon, "role", "img");
    });
  }

  fixAll();
  // Only added and removed nodes are watched: the attributes set here do not wake it again.
  new MutationObserver(fixAll).observe(document.documentElement, { childList: true, subtree: true });
})();
