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
import { Button } from "semantic-ui-react";
import { i18next } from "../i18next";
import {
  DepositFormSubmitActions,
  DepositFormSubmitContext,
} from "@js/invenio_rdm_records/src/deposit/api/DepositFormSubmitContext";

export const ROBIS_ID = "hzdr:robis_id";

export const robisIdOf = (values) => (values?.custom_fields || {})[ROBIS_ID];

export const RegisterInRobisButton = ({ fluid, primary, formik }) => {
  // Inside the publish dialog the nearest Formik is the dialog's: it passes the form's.
  const nearest = useFormikContext();
  const { handleSubmit, isSubmitting } = formik || nearest;
  const { setSubmitContext } = useContext(DepositFormSubmitContext);
  const actionState = useSelector((state) => state.deposit.actionState);
  const recordId = useSelector((state) => state.deposit.record?.id);
  const [going, setGoing] = useState(false);

  useEffect(() => {
    if (going && actionState === "DRAFT_SAVE_SUCCEEDED" && recordId) {
      window.location.assign(`/uploads/${recordId}/robis`);
    }
    if (going && actionState === "DRAFT_SAVE_FAILED") {
      setGoing(false);
    }
  }, [going, actionState, recordId]);

  return (
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
        setGoing(true);
        setSubmitContext(DepositFormSubmitActions.SAVE);
        handleSubmit(event);
      }}
    />
  );
};

RegisterInRobisButton.propTypes = { fluid: PropTypes.bool, primary: PropTypes.bool, formik: PropTypes.object };
RegisterInRobisButton.defaultProps = { fluid: true, primary: true, formik: undefined };
