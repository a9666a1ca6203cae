// Widget of hzdr:robis_id in the deposit form's HZDR section (site/rodare_rdm/robis).
//
// ROBIS sets the id (its callback), so the form shows the state instead of an input: the
// registered id with a link to its ROBIS page, or the way to register.
import React from "react";
import PropTypes from "prop-types";
import { getIn, useFormikContext } from "formik";
import { Form, Icon, Message } from "semantic-ui-react";
import { RegisterInRobisButton } from "@js/rodare_rdm/robis/RegisterInRobis";

const RobisRegistration = ({ fieldPath, label, icon, description, registered, unregistered, publicationUrl }) => {
  const { values } = useFormikContext();
  const robisId = getIn(values, fieldPath);
  return (
    <Form.Field id="rodare-robis-registration">
      <label>
        <Icon name={icon} />
        {label}
      </label>
      {robisId ? (
        <Message positive size="small">
          {registered}{" "}
          <a href={publicationUrl.replace("{id}", robisId)} target="_blank" rel="noopener noreferrer">
            Publ-{robisId}
          </a>
        </Message>
      ) : (
        <Message info size="small">
          <p>{unregistered}</p>
          <RegisterInRobisButton fluid={false} primary={false} />
        </Message>
      )}
      <label className="helptext">{description}</label>
    </Form.Field>
  );
};

RobisRegistration.propTypes = {
  fieldPath: PropTypes.string.isRequired,
  label: PropTypes.string.isRequired,
  icon: PropTypes.string,
  description: PropTypes.string,
  registered: PropTypes.string.isRequired,
  unregistered: PropTypes.string.isRequired,
  publicationUrl: PropTypes.string.isRequired,
};

RobisRegistration.defaultProps = { icon: "check circle outline", description: "" };

export default RobisRegistration;
