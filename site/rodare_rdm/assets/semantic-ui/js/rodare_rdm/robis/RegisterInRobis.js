// "Register in ROBIS" (site/rodare_rdm/robis): save the draft, then go to ROBIS.
// Used in the form's HZDR section and in the publish dialog.
//
// HZDR publications are registered in ROBIS before they are published. The button saves the
// form like "Save draft" does and, once the draft is saved, sends the browser to
// /uploads/<id>/robis, which forwards it to ROBIS with a signed token naming the draft.
import React, { useContext, useEffect, useState } from "react";
import PropTypes from "prop-types";
import { useFormikContext } from "formik";
import { useSelector } from "react-redux";
import { Button, Message } from "semantic-ui-react";
import { i18next } from "../i18next";
import {
  DepositFormSubmitActions,
  DepositFormSubmitContext,
} from "@js/invenio_rdm_records/src/deposit/api/DepositFormSubmitContext";

export const ROBIS_ID = "hzdr:robis_id";

export const robisIdOf = (values) => (values?.custom_fields || {})[ROBIS_ID];

/** The outcomes of a draft save, in the deposit form's redux store (actionState). */
const SAVED = "DRAFT_SAVE_SUCCEEDED";
const INVALID = "DRAFT_HAS_VALIDATION_ERRORS"; // saved, with field errors
const FAILED = "DRAFT_SAVE_FAILED"; // not saved; upstream's banner says why

export const RegisterInRobisButton = ({ fluid, primary, formik }) => {
  // Inside the publish dialog the nearest Formik is the dialog's: it passes the form's.
  const nearest = useFormikContext();
  const { handleSubmit, isSubmitting } = formik || nearest;
  const { setSubmitContext } = useContext(DepositFormSubmitContext);
  const actionState = useSelector((state) => state.deposit.actionState);
  const recordId = useSelector((state) => state.deposit.record?.id);
  // null, "asked" (clicked; the store still holds the previous save's outcome, which must
  // not count) or "saving" (this click's save has started).
  const [step, setStep] = useState(null);
  const [problem, setProblem] = useState(null); // the last save's INVALID or FAILED

  useEffect(() => {
    if (step === "asked" && actionState === "DRAFT_SAVE_STARTED") {
      setStep("saving");
      setProblem(null);
    }
    if (step !== "saving") return;
    if (actionState === SAVED && recordId) {
      window.location.assign(`/uploads/${recordId}/robis`);
    } else if (actionState === INVALID || actionState === FAILED) {
      // The form marks what is missing or wrong; ROBIS gets the draft once it is valid.
      setStep(null);
      setProblem(actionState);
    }
  }, [step, actionState, recordId]);

  const going = step !== null;
  return (
    <>
      <Button
        type="button"
        fluid={fluid}
        primary={primary}
        icon="external alternate"
        labelPosition="left"
        loading={going}
        disabled={isSubmitting || going}
        content={i18next.t("Register in ROBIS")}
        onClick={(event) => {
          setStep("asked");
          setSubmitContext(DepositFormSubmitActions.SAVE);
          handleSubmit(event);
        }}
      />
      {problem && (
        <Message negative size="small" id="rodare-robis-problem">
          {problem === INVALID
            ? i18next.t(
                "Your draft is saved, but some fields are missing or wrong: the form marks them. Correct them, then register in ROBIS."
              )
            : i18next.t(
                "Your draft could not be saved: the message at the top of the form says why. Nothing was sent to ROBIS."
              )}
        </Message>
      )}
    </>
  );
};

RegisterInRobisButton.propTypes = { fluid: PropTypes.bool, primary: PropTypes.bool, formik: PropTypes.object };
RegisterInRobisButton.defaultProps = { fluid: true, primary: true, formik: undefined };
