// The year slider of react-searchkit's date-range facet (RangeFacet.Slider.element), with names.
//
// react-searchkit renders its two thumbs (and the disabled one when all results share one
// year) as <input type="range"> without a label, so a screen reader announces "slider, 2019"
// with nothing to say what it sets. This override renders upstream's own markup, handlers
// included, and only names the inputs.
//
// Upstream: react-searchkit RangeFacet's slider (3.2.0 here). Remove when its range inputs
// carry a name of their own (search page, date facet); then this file and its entries in
// assets/js/invenio_app_rdm/overridableRegistry/mapping.js go.
import React from "react";
import PropTypes from "prop-types";
import { i18next } from "../i18next";

/** The name of each range input, by the class react-searchkit gives it. */
const name = (input) => {
  const className = input.props.className || "";
  if (className.includes("thumb-left")) return i18next.t("Start year");
  if (className.includes("thumb-right")) return i18next.t("End year");
  return i18next.t("Year");
};

/** Upstream's element (or fragment of them) with every range input named. */
const named = (element) => {
  if (!React.isValidElement(element)) return element;
  if (element.type === React.Fragment) {
    return React.cloneElement(element, {}, React.Children.map(element.props.children, named));
  }
  if (element.type === "input" && element.props.type === "range") {
    return React.cloneElement(element, { "aria-label": name(element) });
  }
  return element;
};

export const RangeSliderElement = ({ className, children }) => (
  <div className={className}>{React.Children.map(children, named)}</div>
);

RangeSliderElement.propTypes = {
  className: PropTypes.string,
  children: PropTypes.node,
};

RangeSliderElement.defaultProps = {
  className: "searchkit-daterange-slider-container",
  children: null,
};
