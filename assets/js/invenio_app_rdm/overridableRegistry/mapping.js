// React component overrides of RODARE-RDM (react-overridable ids -> components).
import { AccessLevelField } from "../../rodare_rdm/access/AccessLevelField";
import { RobisPublishModal } from "../../rodare_rdm/robis/RobisPublishModal";

export const overriddenComponents = {
  // Four access levels instead of upstream's record/files visibility (site/rodare_rdm/access).
  "InvenioAppRdm.Deposit.AccessRightField.container": AccessLevelField,
  // ROBIS first: "Register in ROBIS" until ROBIS set the id (site/rodare_rdm/robis).
  "InvenioRdmRecords.PublishModal.container": RobisPublishModal,
};
