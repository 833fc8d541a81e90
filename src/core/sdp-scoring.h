/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp-catalog.h"

G_BEGIN_DECLS

/* Certification: a weighted percentage over the evidence (phase quizzes, workbook exercises,
 * mock interviews, the final assessment), and the level it reaches (Bronze 60-74 %, Silver
 * 75-89 %, Gold 90-100 %) once that level's mock-interview gate is also met. The weights,
 * bands, gates and rubric live in content/assessment.json, not in code. */

typedef enum
{
  SDP_EVIDENCE_QUIZ,
  SDP_EVIDENCE_EXERCISE,
  SDP_EVIDENCE_MOCK,
  SDP_EVIDENCE_FINAL,
  SDP_N_EVIDENCE_KINDS
} SdpEvidenceKind;

typedef enum
{
  SDP_DIFFICULTY_NONE,
  SDP_DIFFICULTY_EASY,
  SDP_DIFFICULTY_MEDIUM,
  SDP_DIFFICULTY_HARD,
} SdpDifficulty;

typedef struct _SdpEvidence
{
  SdpEvidenceKind kind;
  char           *ref_id;      /* phase id (quiz), task id (exercise), question id (mock) */
  SdpDifficulty   difficulty;  /* mocks and the final assessment */
  double          score;       /* 0..1; a mock's is its weighted rubric score / 4 */
  gint64          recorded_at;
  GHashTable     *ratings;     /* axis id -> GINT_TO_POINTER (1..4), mocks only; or NULL */
} SdpEvidence;

typedef struct
{
  double     score;                           /* 0..100 */
  double     parts[SDP_N_EVIDENCE_KINDS];     /* each part's percentage, 0..100 */
  char      *level_id;                        /* NULL below Bronze */
  char      *level_title;
  char      *next_level_title;                /* NULL at the top */
  GPtrArray *missing;                         /* char *: what the next level still needs */
} SdpCertification;

typedef struct _SdpAssessment SdpAssessment;

SdpAssessment    *sdp_assessment_new_from_file   (GFile          *file,
                                                  GError        **error);
SdpAssessment    *sdp_assessment_new_from_data   (const char     *data,
                                                  gssize          length,
                                                  GError        **error);
void              sdp_assessment_free            (SdpAssessment  *assessment);
guint             sdp_assessment_get_n_axes      (SdpAssessment  *assessment);
const char       *sdp_assessment_get_axis        (SdpAssessment  *assessment,
                                                  guint           index,
                                                  const char    **title,
                                                  double         *weight);
double            sdp_assessment_weighted_rating (SdpAssessment  *assessment,
                                                  GHashTable     *ratings);

SdpCertification *sdp_certification_compute     (SdpAssessment  *assessment,
                                                  SdpCatalog     *catalog,
                                                  GPtrArray      *evidence);
void              sdp_certification_free         (SdpCertification *certification);

SdpEvidence      *sdp_evidence_new               (SdpEvidenceKind kind,
                                                  const char     *ref_id,
                                                  SdpDifficulty   difficulty,
                                                  double          score,
                                                  gint64          recorded_at);
void              sdp_evidence_free              (SdpEvidence    *evidence);
const char       *sdp_evidence_kind_to_string    (SdpEvidenceKind kind);
const char       *sdp_difficulty_to_string       (SdpDifficulty   difficulty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpAssessment, sdp_assessment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpCertification, sdp_certification_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpEvidence, sdp_evidence_free)

G_END_DECLS
