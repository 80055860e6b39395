/** A photo's description, without its bytes. */
export interface MediaInfo {
  id: string;
  owner_id: number;
  content_type: string;
  width: number;
  height: number;
  byte_size: number;
  sha256: string;
  created_at: string;
  /** The area paths of the events it belongs to ('/'-joined codes), for the access check. */
  event_paths: string[];
  /** The area paths of the visits (走访) it belongs to: their units'. */
  visit_paths: string[];
}
