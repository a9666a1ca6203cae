// The deposit form's upload area with "Request more space"
// (InvenioRdmRecords.DepositForm.FileUploader.UploadArea; site/rodare_rdm/quota).
//
// Upstream's drop zone and file table, unchanged; below them the depositor asks for a larger
// total: POST /api/records/<id>/quota-request. Up to the ceiling the record grows at once
// (200: the page reloads with the new quota); beyond it the administrators decide (201: the
// form says so and links the request). The last request's state stays in the form (waiting,
// granted, declined). A drop that would exceed the quota opens the request by itself, with
// the size the upload needs.
import React, { useCallback, useEffect, useState } from "react";
import PropTypes from "prop-types";
import { connect } from "react-redux";
import { Button, Form, Grid, Icon, Input, Message } from "semantic-ui-react";
import { http, humanReadableBytes } from "react-invenio-forms";
import { FileUploaderArea } from "@js/invenio_rdm_records";
import { i18next } from "../i18next";

const GB = 10 ** 9;

const useLastRequest = (recordId) => {
  const [last, setLast] = useState(null);
  const reload = useCallback(() => {
    if (!recordId) return;
    const q = encodeURIComponent(`topic.record:"${recordId}"`);
    http
      .get(`/api/requests/?q=${q}&type=quota-increase&sort=newest&size=1`, {
        headers: { Accept: "application/json" },
      })
      .then((response) => setLast(response.data.hits.hits[0] || null))
      .catch(() => setLast(null));
  }, [recordId]);
  useEffect(reload, [reload]);
  return [last, reload];
};

const RequestState = ({ request }) => {
  if (!request) return null;
  const size = request.payload?.quota_size;
  const link = (
    <a href={request.links?.self_html}>{i18next.t("Open the request")}</a>
  );
  if (request.status === "submitted") {
    return (
      <Message info visible id="rodare-quota-state" className="mt-10">
        <Icon name="hourglass half" />
        {i18next.t(
          "Your request for {{size}} GB waits for the administrators. You will be told by e-mail.",
          { size }
        )}{" "}
        {link}
      </Message>
    );
  }
  if (request.status === "accepted") {
    return (
      <Message positive visible id="rodare-quota-state" className="mt-10">
        <Icon name="check" />
        {i18next.t("More space granted: this upload holds {{size}} GB.", { size })}
      </Message>
    );
  }
  if (request.status === "declined") {
    return (
      <Message warning visible id="rodare-quota-state" className="mt-10">
        <Icon name="ban" />
        {i18next.t("The administrators declined your request for {{size}} GB.", { size })}{" "}
        {link}
      </Message>
    );
  }
  return null;
};

RequestState.propTypes = { request: PropTypes.object };
RequestState.defaultProps = { request: null };

export const QuotaRequestComponent = ({ record, quota, needed, open, setOpen }) => {
  const [size, setSize] = useState("");
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const [last, reloadLast] = useLastRequest(record.id);
  const current = Math.floor((quota.maxStorage || 0) / GB);
  const currentText = humanReadableBytes(quota.maxStorage || 0, true);
  const increase = quota.quotaIncrease || {};
  const atOnce = increase.enabled
    ? Math.floor(((increase.defaultStorage || 0) + (increase.maxAdditionalQuotaValue || 0)) / GB)
    : current;

  useEffect(() => {
    if (needed) setSize(String(needed));
  }, [needed]);

  if (!record.id) return null;

  const submit = async () => {
    setSending(true);
    setOutcome(null);
    try {
      const response = await http.post(`/api/records/${record.id}/quota-request`, {
        quota_size: /^\d+$/.test(size.trim()) ? parseInt(size, 10) : size,
      });
      if (response.status === 200) {
        window.location.reload();
        return;
      }
      setOutcome({ sent: true, request: response.data });
      setOpen(false);
      reloadLast();
    } catch (error) {
      setOutcome({
        error:
          error?.response?.data?.message || i18next.t("The request could not be sent."),
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <Grid.Column width={16} id="rodare-quota-request">
      {outcome?.sent ? (
        <Message info visible id="rodare-quota-state" className="mt-10">
          <Icon name="paper plane" />
          {i18next.t(
            "Your request for {{size}} GB went to the administrators. You will be told by e-mail.",
            { size: outcome.request.payload?.quota_size }
          )}{" "}
          <a href={outcome.request.links?.self_html}>{i18next.t("Open the request")}</a>
        </Message>
      ) : (
        <RequestState request={last} />
      )}
      {open ? (
        <Message visible className="rodare-quota-form mt-0">
          <Message.Header as="h3">{i18next.t("Request more space")}</Message.Header>
          {needed ? (
            <p>
              {i18next.t(
                "These files need {{needed}} GB, more than this upload's {{current}}.",
                { needed, current: currentText }
              )}
            </p>
          ) : null}
          <p>
            {i18next.t(
              "This upload holds {{current}}. Up to {{atOnce}} GB you get at once; beyond that the administrators decide.",
              { current: currentText, atOnce }
            )}
          </p>
          {/* Inside the deposit form's <form>: no form of its own, Enter sends the request. */}
          <div className="ui form">
            <Form.Field inline>
              <label htmlFor="rodare-quota-size">
                {i18next.t("New total size in GB")}
              </label>
              <Input
                id="rodare-quota-size"
                type="number"
                min={current + 1}
                step={1}
                value={size}
                onChange={(e, { value }) => setSize(value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    if (size && !sending) submit();
                  }
                }}
                disabled={sending}
              />
            </Form.Field>
            {outcome?.error ? (
              <Message negative visible role="alert" id="rodare-quota-error">
                {outcome.error}
              </Message>
            ) : null}
            <Button
              type="button"
              onClick={submit}
              primary
              icon="check"
              labelPosition="left"
              content={i18next.t("Request")}
              loading={sending}
              disabled={sending || !size}
            />
            <Button type="button" basic onClick={() => setOpen(false)} disabled={sending}>
              {i18next.t("Cancel")}
            </Button>
          </div>
        </Message>
      ) : (
        <Button
          type="button"
          basic
          size="small"
          icon="hdd"
          labelPosition="left"
          content={i18next.t("Request more space")}
          onClick={() => setOpen(true)}
          className="mt-10"
        />
      )}
    </Grid.Column>
  );
};

QuotaRequestComponent.propTypes = {
  record: PropTypes.object.isRequired,
  quota: PropTypes.object.isRequired,
  needed: PropTypes.number,
  open: PropTypes.bool.isRequired,
  setOpen: PropTypes.func.isRequired,
};

QuotaRequestComponent.defaultProps = { needed: null };

const QuotaUploadAreaComponent = (props) => {
  const { dropzoneParams, filesList, filesEnabled, filesLocked, quota, record } = props;
  const [open, setOpen] = useState(false);
  const [needed, setNeeded] = useState(null);
  const used = (filesList || []).reduce((total, file) => total + (file.size || 0), 0);

  const onDropAccepted = (accepted) => {
    const total = used + accepted.reduce((sum, file) => sum + file.size, 0);
    if (quota?.maxStorage && total > quota.maxStorage) {
      setNeeded(Math.ceil(total / GB));
      setOpen(true);
    }
    dropzoneParams.onDropAccepted(accepted);
  };

  if (!filesEnabled) return null;
  return (
    <>
      <Grid.Row className="pt-0 pb-0">
        <FileUploaderArea {...props} dropzoneParams={{ ...dropzoneParams, onDropAccepted }} />
      </Grid.Row>
      {!filesLocked && quota ? (
        <Grid.Row className="pt-0 pb-0">
          <QuotaRequestComponent
            record={record}
            quota={quota}
            needed={needed}
            open={open}
            setOpen={setOpen}
          />
        </Grid.Row>
      ) : null}
    </>
  );
};

QuotaUploadAreaComponent.propTypes = {
  dropzoneParams: PropTypes.object.isRequired,
  filesList: PropTypes.array,
  filesEnabled: PropTypes.bool,
  filesLocked: PropTypes.bool,
  quota: PropTypes.object,
  record: PropTypes.object.isRequired,
};

QuotaUploadAreaComponent.defaultProps = {
  filesList: [],
  filesEnabled: false,
  filesLocked: false,
  quota: null,
};

const mapStateToProps = (state) => ({
  quota: state.deposit.config.quota,
  record: state.deposit.record,
});

export const QuotaUploadArea = connect(mapStateToProps)(QuotaUploadAreaComponent);
