import { Placeholder } from './Placeholder';

export function DocumentsView() {
  return (
    <Placeholder title="Documents" summary="Collaborative documents you can edit together in real time will appear here." />
  );
}
