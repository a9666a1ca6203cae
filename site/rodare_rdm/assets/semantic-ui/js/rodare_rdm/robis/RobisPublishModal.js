// The deposit form's publish dialog (InvenioRdmRecords.PublishModal.container), ROBIS first.
//
// Without a ROBIS id the dialog's step is "Register in ROBIS": it says why and offers the
// button; upstream's publish button stays, relabelled, for administrators, who may publish
// without (the server refuses everyone else, with the same directions). With an id the
// dialog is upstream's, saying under which id the publication is registered.
import React from "react";
import { useFormikContext } from "formik";
import { Message } from "semantic-ui-react";
import { PublishModal } from "@js/invenio_rdm_records";
import { i18next } from "../i18next";
import { RegisterInRobisButton, robisIdOf } from "./RegisterInRobis";

const StockPublishModal = PublishModal.originalComponent;

export const RobisPublishModal = (props) => {
  const deposit = useFormikContext(); // the deposit form's, outside the dialog's own form
  const robisId = robisIdOf(deposit.values);
  if (robisId) {
    const registered = () => (
      <Message positive id="rodare-robis-registered">
        {i18next.t("Registered in ROBIS as Publ-{{id}}.", { id: robisId })}
      </Message>
    );
    return <StockPublishModal {...props} beforeContent={registered} />;
  }
  const register = () => (
    <Message info id="rodare-robis-register">
      <Message.Header>{i18next.t("Register in ROBIS first")}</Message.Header>
      <p>
        {i18next.t(
          "Every HZDR publication is registered in ROBIS, HZDR's publication database, before it is published. Your draft is saved, you register it in ROBIS, and ROBIS sends you back here to publish."
        )}
      </p>
      <RegisterInRobisButton formik={deposit} fluid={false} />
    </Message>
  );
  return (
    <StockPublishModal
      {...props}
      beforeContent={register}
      buttonLabel={i18next.t("Publish without ROBIS id (administrators)")}
    />
  );
};
