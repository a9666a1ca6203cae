// SPDX-License-Identifier: MIT
//
// The deposit form's "Keywords and subjects" with suggestions in the page's language
// (site/rodare_rdm/euroscivoc, docs/euroscivoc.md). Upstream's field names every suggestion by
// its English label (``subject``); EuroSciVoc's concepts carry a label per language
// (``title``), so a German page suggests "(EuroSciVoc) Laserphysik". What is stored is
// upstream's: the subject's id and English label. The layout is upstream's SubjectsField
// ("Suggest from" beside the field when there is more than one scheme).

import PropTypes from "prop-types";
import React, { useState } from "react";
import { Field, getIn } from "formik";
import { FieldLabel, GroupField, RemoteSelectField } from "react-invenio-forms";
import { Form } from "semantic-ui-react";
import { i18next } from "../i18next";

/** The subject's label in the page's language, its English label otherwise. */
export const localLabel = (subject, language) =>
  (subject.title && subject.title[language]) || subject.subject;

/** The page's language (the <html lang> upstream's templates set). */
const pageLanguage = () => document.documentElement.lang || "en";

const serializeSubjects = (subjects) => {
  const language = pageLanguage();
  return subjects.map((subject) => {
    const scheme = subject.scheme ? `(${subject.scheme}) ` : "";
    const value = subject.id ?? subject.subject;
    return {
      text: scheme + localLabel(subject, language),
      value,
      key: value,
      ...(subject.id ? { id: subject.id } : {}),
      subject: subject.subject,
    };
  });
};

export const LocalisedSubjectsField = ({
  fieldPath,
  label,
  labelIcon,
  limitToOptions,
  required,
  disabled,
  helpText,
  placeholder,
  noQueryMessage,
}) => {
  const [limitTo, setLimitTo] = useState("all");
  const withSchemes = limitToOptions.length > 2; // "all" and one scheme: no choice to make
  const fieldLabel = <FieldLabel htmlFor={fieldPath} icon={labelIcon} label={label} />;
  return (
    <GroupField className="main-group-field">
      {withSchemes && (
        <Form.Field width={5} className="subjects-field">
          {fieldLabel}
          <GroupField>
            <Form.Field width={8} style={{ marginBottom: "auto", marginTop: "auto" }} className="p-0">
              {i18next.t("Suggest from")}
            </Form.Field>
            <Form.Dropdown
              className="p-0"
              defaultValue={limitToOptions[0].value}
              fluid
              aria-label={i18next.t("Suggest from")}
              onChange={(event, data) => setLimitTo(data.value)}
              options={limitToOptions}
              selection
              width={8}
            />
          </GroupField>
        </Form.Field>
      )}
      <Field name={fieldPath}>
        {({ form: { values } }) => (
          <RemoteSelectField
            fieldPath={fieldPath}
            clearable
            multiple
            allowAdditions
            disabled={disabled}
            required={required}
            helpText={helpText}
            placeholder={placeholder || i18next.t("Search for a subject by name")}
            noQueryMessage={noQueryMessage || i18next.t("Search for subjects...")}
            initialSuggestions={getIn(values, fieldPath, [])}
            preSearchChange={(query) =>
              limitTo === "all" ? query : `${limitTo}:${query}`
            }
            serializeSuggestions={serializeSubjects}
            serializeAddedValue={(value) => ({ text: value, value, key: value, subject: value })}
            suggestionAPIUrl="/api/subjects"
            // the API then searches the labels of the page's language too ("Kernphysik")
            suggestionAPIHeaders={{ "Accept-Language": pageLanguage() }}
            onValueChange={({ formikProps }, selected) =>
              formikProps.form.setFieldValue(
                fieldPath,
                selected.map((subject) => ({ subject: subject.subject, id: subject.id }))
              )
            }
            label={withSchemes ? <label htmlFor={fieldPath} className="mobile-hidden">&nbsp;</label> : fieldLabel}
            value={getIn(values, fieldPath, []).map((subject) => subject.id ?? subject.subject)}
            width={withSchemes ? 11 : 16}
          />
        )}
      </Field>
    </GroupField>
  );
};

LocalisedSubjectsField.propTypes = {
  fieldPath: PropTypes.string.isRequired,
  label: PropTypes.oneOfType([PropTypes.string, PropTypes.node]),
  labelIcon: PropTypes.string,
  limitToOptions: PropTypes.array.isRequired,
  required: PropTypes.bool,
  disabled: PropTypes.bool,
  helpText: PropTypes.oneOfType([PropTypes.string, PropTypes.node]),
  placeholder: PropTypes.string,
  noQueryMessage: PropTypes.string,
};

LocalisedSubjectsField.defaultProps = {
  label: undefined,
  labelIcon: "tag",
  required: false,
  disabled: false,
  helpText: undefined,
  placeholder: undefined,
  noQueryMessage: undefined,
};
