// React component overrides of RODARE-RDM (react-overridable ids -> components).
import { AccessLevelField } from "@js/rodare_rdm/access/AccessLevelField";
import { RangeSliderElement } from "@js/rodare_rdm/a11y/RangeSlider";
import { LocalisedSubjectsField } from "@js/rodare_rdm/euroscivoc/LocalisedSubjectsField";
import { FileWindowCountdown } from "@js/rodare_rdm/file_edit/FileWindowCountdown";
import { QuotaUploadArea } from "@js/rodare_rdm/quota/QuotaUploadArea";
import { RobisPublishModal } from "@js/rodare_rdm/robis/RobisPublishModal";

// The record searches whose facets include react-searchkit's date-range facet (app names of
// invenio-app-rdm's search, community, collection and dashboard uploads apps).
const RECORD_SEARCH_APPS = [
  "InvenioAppRdm.Search",
  "InvenioCommunities.DetailsSearch",
  "InvenioAppRDM.CollectionsSearch",
  "InvenioAppRdm.DashboardUploads",
];

export const overriddenComponents = {
  // Four access levels instead of upstream's record/files visibility (site/rodare_rdm/access).
  "InvenioAppRdm.Deposit.AccessRightField.container": AccessLevelField,
  // Above a published record's files: how long they may still change (site/rodare_rdm/file_edit).
  "InvenioAppRdm.Deposit.Files.before.container": FileWindowCountdown,
  // The upload area with "Request more space" (site/rodare_rdm/quota).
  "InvenioRdmRecords.DepositForm.FileUploader.UploadArea": QuotaUploadArea,
  // Subject suggestions named in the page's language (EuroSciVoc; site/rodare_rdm/euroscivoc).
  "InvenioRdmRecords.DepositForm.SubjectsField.Container": LocalisedSubjectsField,
  // ROBIS first: "Register in ROBIS" until ROBIS set the id (site/rodare_rdm/robis).
  "InvenioRdmRecords.PublishModal.container": RobisPublishModal,
  // The date facet's year slider with named inputs (docs/theme.md, "Accessibility").
  ...Object.fromEntries(
    RECORD_SEARCH_APPS.map((app) => [`${app}.RangeFacet.Slider.element`, RangeSliderElement])
  ),
};
