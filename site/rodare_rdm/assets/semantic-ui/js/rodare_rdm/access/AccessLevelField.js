// RODARE's four access levels on the deposit form (site/rodare_rdm/access).
//
// Replaces upstream's "Visibility" card (InvenioAppRdm.Deposit.AccessRightField.container):
// metadata is always public, so the only choice is who gets the files. The form writes the
// explicit level and the stock access fields that go with it; the server checks both.
//
// The levels (ids, order, titles, icons, colours) and the level of the draft as opened
// come from the server, defined once in access/levels.py: rodare_rdm/access/deposit.html
// puts them in the page as upstream passes the form its record (a hidden input).
import React from "react";
import PropTypes from "prop-types";
import { getIn, useFormikContext } from "formik";
import { Card, Form, Header, Icon, Label, Message } from "semantic-ui-react";
import { getInputFromDOM } from "@js/invenio_rdm_records";
import { i18next } from "../i18next";

const LEVEL = "custom_fields.rodare:access_level";
const CONDITIONS = "custom_fields.rodare:access_conditions";

/** Who gets the files at each level, said to the depositor (the landing page says it in the
 * third person, from access/levels.py). */
const WHO_GETS_FILES = {
  open: i18next.t("Everyone can download the files."),
  embargoed: i18next.t("You, your communities' curators and people you share the record with, until the embargo ends; then everyone, automatically."),
  restricted: i18next.t("Anyone may request access under your conditions; you grant or decline. Granted users and your share links get the files."),
  closed: i18next.t("Only you, the curators of your communities and the repository administrators. No access requests, no share links."),
};

let served = null;

/** ``{levels: [{id, title, icon, color}], level}`` from the page, read once. */
const fromServer = () => {
  if (!served) {
    served = getInputFromDOM("rodare-access-levels");
    if (!served) {
      // Only a deposit page rendered from another template lacks it (configuration error).
      throw new Error(
        "rodare-access-levels missing: APP_RDM_DEPOSIT_FORM_TEMPLATE must be rodare_rdm/access/deposit.html"
      );
    }
  }
  return served;
};

/** Whole days from today (local) to an ISO date. */
const daysUntil = (iso) => {
  const today = new Date();
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - start) / 86400000);
};

const FieldError = ({ message }) =>
  message ? (
    <Label pointing prompt role="alert">
      {Array.isArray(message) ? message.join(" ") : String(message)}
    </Label>
  ) : null;

FieldError.propTypes = { message: PropTypes.any };
FieldError.defaultProps = { message: undefined };

export const AccessLevelField = () => {
  const { values, errors, initialErrors, setFieldValue } = useFormikContext();
  const { levels, level: opened } = fromServer();
  const access = values.access || {};
  const embargo = access.embargo || {};
  // Until the depositor chooses, the level the server gave the draft: only a choice here
  // changes the stock access fields, and it sets the level too.
  const level = getIn(values, LEVEL) || opened;
  const error = (path) => getIn(errors, path) || getIn(initialErrors, path);

  const choose = (id) => {
    setFieldValue(LEVEL, id);
    setFieldValue("access", {
      ...access,
      record: "public",
      files: id === "open" ? "public" : "restricted",
      embargo: id === "embargoed" ? { ...embargo, active: true } : { active: false },
    });
  };
  const setEmbargo = (key, value) =>
    setFieldValue("access.embargo", { ...embargo, active: true, [key]: value });

  return (
    <Card id="access-level-section" className="access-right rodare-access-level">
      <Card.Content>
        <Card.Header>
          <Icon name="shield" /> {i18next.t("Access level")}
        </Card.Header>
        <Card.Meta>
          {i18next.t("Title, authors, description and the DOI landing page are always public. Choose who gets the files.")}
        </Card.Meta>
      </Card.Content>
      <Card.Content>
        <Form.Group grouped role="radiogroup" aria-label={i18next.t("Access level")}>
          {levels.map((option) => (
            <Form.Field key={option.id} className="rodare-access-option">
              <div className="ui radio checkbox">
                <input
                  type="radio"
                  id={`access-level-${option.id}`}
                  name="rodare-access-level"
                  value={option.id}
                  checked={level === option.id}
                  onChange={() => choose(option.id)}
                />
                <label htmlFor={`access-level-${option.id}`}>
                  <Label size="small" color={option.color} className="access-level-badge">
                    <Icon name={option.icon} />
                    {option.title}
                  </Label>
                </label>
              </div>
              <p className="rodare-access-who">{WHO_GETS_FILES[option.id]}</p>
            </Form.Field>
          ))}
        </Form.Group>
        <FieldError message={error(LEVEL)} />
      </Card.Content>
      {level === "embargoed" && (
        <Card.Content>
          <Header as="h4" size="tiny">{i18next.t("Embargo")}</Header>
          <Form.Field required error={!!error("access.embargo.until")}>
            <label htmlFor="access.embargo.until">{i18next.t("Files open on")}</label>
            <input
              type="date"
              id="access.embargo.until"
              value={embargo.until || ""}
              onChange={(e) => setEmbargo("until", e.target.value)}
            />
            <FieldError message={error("access.embargo.until")} />
            {embargo.until && daysUntil(embargo.until) > 0 && (
              <p className="rodare-embargo-countdown">
                <Icon name="clock outline" />
                {i18next.t("Files open on {{date}} (in {{days}} days).", {
                  date: embargo.until,
                  days: daysUntil(embargo.until),
                })}
              </p>
            )}
          </Form.Field>
          <Form.Field>
            <label htmlFor="access.embargo.reason">{i18next.t("Reason (shown on the landing page)")}</label>
            <textarea
              id="access.embargo.reason"
              rows={2}
              value={embargo.reason || ""}
              onChange={(e) => setEmbargo("reason", e.target.value)}
            />
          </Form.Field>
        </Card.Content>
      )}
      {level === "restricted" && (
        <Card.Content>
          <Form.Field>
            <label htmlFor="rodare-access-conditions">
              {i18next.t("Conditions for access requests")}
            </label>
            <textarea
              id="rodare-access-conditions"
              rows={3}
              placeholder={i18next.t("E.g. for collaborators of the experiment; state your affiliation and purpose.")}
              value={getIn(values, CONDITIONS) || ""}
              onChange={(e) => setFieldValue(CONDITIONS, e.target.value)}
            />
          </Form.Field>
        </Card.Content>
      )}
      {error("access") && typeof error("access") === "string" && (
        <Card.Content>
          <Message negative size="small" content={error("access")} />
        </Card.Content>
      )}
    </Card>
  );
};
