// The deposit form's file window (InvenioAppRdm.Deposit.Files.before.container), above the
// files of a published record (site/rodare_rdm/file_edit).
//
// For the owners (and administrators): how long the files of this version may still be
// changed without a new version, counting down live in days, hours and minutes; when the
// window is over, that a file change needs a new version, with upstream's button. The moment
// the window closes comes from GET /api/records/<id>/file-window (RODARE_FILE_EDIT_DAYS);
// everyone else gets a 404 there and sees nothing.
import React, { useEffect, useState } from "react";
import PropTypes from "prop-types";
import { Icon, Message } from "semantic-ui-react";
import { NewVersionButton } from "@js/invenio_rdm_records";
import { i18next } from "../i18next";
import { timeLeft } from "./countdown";

const TICK_MS = 30 * 1000;

const headline = ({ days, hours }) => {
  if (days > 1) return i18next.t("Files can be changed for {{days}} more days.", { days });
  if (days === 1) return i18next.t("Files can be changed for 1 more day.");
  if (hours > 1) return i18next.t("Files can be changed for {{hours}} more hours.", { hours });
  return i18next.t("Files can be changed for less than 2 more hours.");
};

const useWindow = (recordId) => {
  const [window_, setWindow] = useState(null);
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/records/${encodeURIComponent(recordId)}/file-window`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => !cancelled && setWindow(data))
      .catch(() => !cancelled && setWindow(null));
    return () => {
      cancelled = true;
    };
  }, [recordId]);
  return window_;
};

const useNow = () => {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
};

export const FileWindowCountdown = ({ record, permissions }) => {
  const window_ = useWindow(record.is_published ? record.id : null);
  const now = useNow();
  if (!record.is_published || !window_) return null;

  const until = new Date(window_.until);
  const left = timeLeft(until, now);
  if (!(window_.open && left.open)) {
    // `visible`: inside the deposit form (.ui.form) Semantic UI hides warning messages.
    return (
      <Message visible warning id="rodare-file-window" className="rel-mb-1" data-open="false">
        <NewVersionButton
          record={record}
          onError={() => {}}
          className="right-floated"
          disabled={!permissions?.can_new_version}
        />
        <p>
          <Icon name="clock outline" />
          {i18next.t(
            "The time to change the files of this version is over: create a new version to add, replace or delete files."
          )}
        </p>
      </Message>
    );
  }
  const when = until.toLocaleString(i18next.language, {
    dateStyle: "long",
    timeStyle: "short",
  });
  return (
    <Message info id="rodare-file-window" className="rel-mb-1" data-open="true">
      <Message.Header>
        <Icon name="clock outline" />
        <span role="timer" aria-live="off">
          {headline(left)}
        </span>
      </Message.Header>
      <p>
        {i18next.t(
          "{{days}} days, {{hours}} hours and {{minutes}} minutes left, until {{when}}.",
          { ...left, when }
        )}{" "}
        {i18next.t(
          "Unlock them below with \"Edit published files\" (under \"Edit files\"): the DOI stays the same. After that, adding, replacing or deleting files needs a new version.",
        )}
      </p>
    </Message>
  );
};

FileWindowCountdown.propTypes = {
  record: PropTypes.object.isRequired,
  permissions: PropTypes.object,
};

FileWindowCountdown.defaultProps = {
  permissions: {},
};
